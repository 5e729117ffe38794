using AdaFtr.Model.Networks;

namespace AdaFtr.Model.Distributed;

/// <summary>One dense parameter and the parameter-server shard that owns it.</summary>
public sealed record DenseEntry(string Name, long[] Shape, int Shard)
{
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// How a model's parameters are split over S parameter-server shards: dense tensors whole, by
/// size (largest first, each to the least-loaded shard), and the embedding table by contiguous
/// row ranges. Deterministic: every worker and shard computes the same layout from the model.
/// </summary>
public sealed class ParameterLayout
{
    public ParameterLayout(IReadOnlyList<(string Name, long[] Shape)> dense, long embeddingRows, int embeddingDim, int shards)
    {
        if (shards < 1) throw new ArgumentOutOfRangeException(nameof(shards), shards, "at least one parameter-server shard");
        Shards = shards;
        EmbeddingRows = embeddingRows;
        EmbeddingDim = embeddingDim;
        var load = new long[shards];
        var entries = new List<DenseEntry>();
        foreach (var (name, shape) in dense.OrderByDescending(d => d.Shape.Aggregate(1L, (a, b) => a * b)).ThenBy(d => d.Name, StringComparer.Ordinal))
        {
            int target = Array.IndexOf(load, load.Min());
            var entry = new DenseEntry(name, shape, target);
            load[target] += entry.Elements;
            entries.Add(entry);
        }
        Dense = entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    public static ParameterLayout Of(AdaFtrModel model, int shards) => new(
        model.named_parameters().Where(p => p.name != AdaFtrModel.EmbeddingName).Select(p => (p.name, p.parameter.shape)).ToList(),
        model.Config.Schema.EmbeddingRows, model.Config.EmbeddingDim, shards);

    public int Shards { get; }
    public long EmbeddingRows { get; }
    public int EmbeddingDim { get; }

    /// <summary>Every dense parameter, by name.</summary>
    public IReadOnlyList<DenseEntry> Dense { get; }

    public IEnumerable<DenseEntry> DenseOf(int shard) => Dense.Where(d => d.Shard == shard);

    /// <summary>Rows [Start, End) of the embedding table that <paramref name="shard"/> owns.</summary>
    public (long Start, long End) RowRange(int shard) => (EmbeddingRows * shard / Shards, EmbeddingRows * (shard + 1) / Shards);
}
