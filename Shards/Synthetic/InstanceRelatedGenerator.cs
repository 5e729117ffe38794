using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Synthetic;

/// <summary>
/// <c>instance-related</c>: the columns of <see cref="AliCcpLikeGenerator"/>, but the CTR–CVR
/// relatedness is planted per impression, which is what AdaFTR's relatedness net is meant to find:
/// on a latent, feature-determined subset (a share <see cref="SyntheticOptions.RelatedShare"/>) the
/// conversion score follows the click score with correlation ρ (<see cref="SyntheticOptions.Relatedness"/>);
/// on the rest it is independent of it. Which rows are related is not a feature; <see cref="IsRelated"/>
/// recomputes it from a row's features, and <see cref="PlantedRelatedness"/> records it beside a shard set.
/// </summary>
public sealed class InstanceRelatedGenerator : IRowSource
{
    public const string Kind = "instance-related";

    private readonly SyntheticOptions _options;
    private readonly SyntheticFunnel _funnel;

    public InstanceRelatedGenerator(SyntheticOptions options)
    {
        _options = options;
        _funnel = new SyntheticFunnel(options, AliCcpLikeGenerator.VocabularySizes.ToArray(), denseFields: 8, view: false, instanceRelated: true);
        Schema = AliCcpLikeGenerator.SchemaOf(options.WriteTruth);
    }

    /// <summary>Related rows follow the click score closely (ρ = 0.9); half the impressions are related.</summary>
    public static SyntheticOptions Defaults(long rows, long seed = 1) => new(rows, seed, Relatedness: 0.9);

    public DatasetSchema Schema { get; }
    public string Description => $"{Kind}: {_options}";

    /// <summary>True when the row with these features is in the planted related subset.</summary>
    public bool IsRelated(ReadOnlySpan<long> sparse, ReadOnlySpan<float> dense) => _funnel.IsRelated(sparse, dense);

    public IEnumerable<ColumnarRows> ReadChunks(int chunkRows) =>
        OrderedParallelChunks.Generate(Schema, _options.Rows, chunkRows, (buffer, first, count) => _funnel.Fill(buffer, first, count, day: 0));
}
