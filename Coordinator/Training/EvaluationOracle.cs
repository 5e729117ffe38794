using AdaFtr.Shards.Format;
using AdaFtr.Shards.Inspection;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Coordinator.Training;

/// <summary>
/// The oracle AUC of an evaluation shard set that stores its generating probabilities (synthetic data): per task, the
/// AUC those probabilities reach on the same rows, the best any model can expect; printed beside the model's.
/// </summary>
public static class EvaluationOracle
{
    /// <returns>The AUC per task in task order, NaN where a task has one class; null for real data.</returns>
    public static double[]? Of(string shardSet)
    {
        var source = new ShardSetSource(ShardSet.Open(ShardStores.Open(shardSet)));
        if (!source.Schema.HasTruth) return null;
        var profile = new DataProfile(source.Schema, keepRows: 0);
        foreach (var chunk in source.ReadChunks(1 << 16)) profile.Add(chunk);
        var oracle = profile.OracleAuc()!;
        return source.Schema.Labels.Select(label => oracle[label] ?? double.NaN).ToArray();
    }
}
