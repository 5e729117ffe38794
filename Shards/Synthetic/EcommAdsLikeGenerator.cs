using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Synthetic;

/// <summary>
/// <c>ecomm-ads-like</c>: an industrial advertising log in the shape of the AdaFTR paper's
/// Ecomm-Ads set: 120 categorical fields (user, item, ad, context, cross features), labels click,
/// conversion and view (tasks ctr, cvr, view; conversion and view only after a click), about 2.9%
/// clicks, 5.5% of clicks converting and 43% viewed, in daily partitions. Each day is seeded on its
/// own, so days can be generated in any order or in parallel.
/// </summary>
public sealed class EcommAdsLikeGenerator
{
    public const string Kind = "ecomm-ads-like";
    public const int CategoricalFields = 120;

    private readonly SyntheticOptions _options;
    private readonly long[] _vocabulary;

    /// <param name="options">Rows is the number of rows per day.</param>
    public EcommAdsLikeGenerator(SyntheticOptions options)
    {
        options.Validate();
        _options = options;
        // Field 0 is the user, 1 the item, 2 the ad; the rest range from tiny context fields to large crosses.
        _vocabulary = Enumerable.Range(0, CategoricalFields).Select(f => f switch
        {
            0 => 1_000_000L,
            1 => 2_000_000L,
            2 => 500_000L,
            _ => (long)Math.Round(Math.Pow(10, 1 + 5.0 * ((f * 37) % CategoricalFields) / CategoricalFields)),
        }).ToArray();
        Schema = new DatasetSchema(Enumerable.Range(0, CategoricalFields).Select(FieldName).ToList(), ["price", "hour"],
            ["click", "conversion", "view"], ["ctr", "cvr", "view"], FieldName(0), options.WriteTruth);
    }

    /// <summary>Ecomm-Ads defaults: 2.9% clicks, 5.5% of clicks convert, 43% of clicks view.</summary>
    public static SyntheticOptions Defaults(long rowsPerDay, long seed = 1) =>
        new(rowsPerDay, seed, ClickRate: 0.029, ConversionRate: 0.055, ViewRate: 0.43);

    public DatasetSchema Schema { get; }

    public static string FieldName(int field) => field switch { 0 => "user_id", 1 => "item_id", 2 => "ad_id", _ => $"c{field:D3}" };

    /// <summary>The partitions of <paramref name="days"/> consecutive days from <paramref name="firstDay"/>.</summary>
    public IReadOnlyList<DayPartition> Days(DateOnly firstDay, int days) =>
        Enumerable.Range(0, days).Select(d => new DayPartition(firstDay.AddDays(d), new Day(this, firstDay.AddDays(d)))).ToList();

    private sealed class Day(EcommAdsLikeGenerator generator, DateOnly date) : IRowSource
    {
        // Each day has its own draw of rows; the hidden model (weights) is the same every day.
        private readonly SyntheticFunnel _funnel = new(generator._options, generator._vocabulary, denseFields: 2, view: true);

        public DatasetSchema Schema => generator.Schema;
        public string Description => $"{Kind} {DayPartition.FolderOf(date)}: {generator._options.Summary}";

        public IEnumerable<ColumnarRows> ReadChunks(int chunkRows) =>
            OrderedParallelChunks.Generate(Schema, generator._options.Rows, chunkRows, (buffer, first, count) => _funnel.Fill(buffer, first, count, date.DayNumber));
    }
}
