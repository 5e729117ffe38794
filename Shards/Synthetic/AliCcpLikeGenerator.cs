using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Synthetic;

/// <summary>
/// <c>aliccp-like</c>: the columns of the preprocessed Ali-CCP CSV (23 sparse fields with
/// realistic vocabulary sizes, 8 dense values in [0, 1], labels click and purchase over all
/// impressions), about 4% clicks and rare conversions by default, from a known model.
/// </summary>
public sealed class AliCcpLikeGenerator : IRowSource
{
    public const string Kind = "aliccp-like";

    /// <summary>Vocabulary size per sparse field, in the order of the schema's fields (101 is the user, 205 the item).</summary>
    public static IReadOnlyList<long> VocabularySizes => Vocabulary;

    private static readonly long[] Vocabulary =
        [100_000, 98, 14, 3, 8, 4, 4, 3, 5, 500_000, 10_000, 50_000, 100_000, 50_000, 10_000, 50_000, 30_000, 20_000, 5, 5_000, 3_000, 1_000, 10_000];

    private static readonly string[] AliCcpFields =
        ["101", "121", "122", "124", "125", "126", "127", "128", "129", "205", "206", "207", "210", "216", "508", "509", "702", "853", "301", "109_14", "110_14", "127_14", "150_14"];

    private readonly SyntheticOptions _options;
    private readonly SyntheticFunnel _funnel;

    public AliCcpLikeGenerator(SyntheticOptions options) : this(options, Vocabulary)
    {
    }

    /// <param name="vocabularySizes">One per field of <see cref="VocabularySizes"/>: the same columns and id distribution over other vocabularies (scaling studies).</param>
    public AliCcpLikeGenerator(SyntheticOptions options, IReadOnlyList<long> vocabularySizes)
    {
        if (vocabularySizes.Count != Vocabulary.Length || vocabularySizes.Any(v => v < 1))
            throw new ArgumentException($"{Vocabulary.Length} vocabulary sizes of at least 1 each, one per field", nameof(vocabularySizes));
        _options = options;
        _funnel = new SyntheticFunnel(options, vocabularySizes.ToArray(), denseFields: 8, view: false);
        Schema = SchemaOf(options.WriteTruth);
    }

    /// <summary>The preprocessed Ali-CCP columns (also those of <see cref="InstanceRelatedGenerator"/>).</summary>
    public static DatasetSchema SchemaOf(bool truth) =>
        new(AliCcpFields, ["D109_14", "D110_14", "D127_14", "D150_14", "D508", "D509", "D702", "D853"], ["click", "purchase"], ["ctr", "cvr"], "101", truth);

    public DatasetSchema Schema { get; }
    public string Description => $"{Kind}: {_options.Summary}";

    public IEnumerable<ColumnarRows> ReadChunks(int chunkRows) =>
        OrderedParallelChunks.Generate(Schema, _options.Rows, chunkRows, (buffer, first, count) => _funnel.Fill(buffer, first, count, day: 0));
}
