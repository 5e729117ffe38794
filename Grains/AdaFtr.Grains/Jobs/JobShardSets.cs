using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Grains.Jobs;

/// <summary>The shard sets a job reads: its training set and its evaluation set, each possibly several directories read as one.</summary>
public static class JobShardSets
{
    /// <summary><see cref="JobSpec.ShardDirectory"/> then <see cref="JobSpec.ExtraShardDirectories"/>, as one set.</summary>
    public static ShardSet Training(JobSpec spec) => Open([spec.ShardDirectory, .. spec.ExtraShardDirectories]);

    /// <summary><see cref="JobSpec.EvalShardDirectory"/> then <see cref="JobSpec.ExtraEvalShardDirectories"/>, as one set.</summary>
    public static ShardSet Evaluation(JobSpec spec) =>
        Open([spec.EvalShardDirectory ?? throw new InvalidOperationException($"job {spec.JobId} has no {nameof(JobSpec.EvalShardDirectory)}"), .. spec.ExtraEvalShardDirectories]);

    /// <summary>The directories read as one set, in order.</summary>
    /// <exception cref="ArgumentException">a location does not open, or the sets' columns differ (naming the set).</exception>
    /// <exception cref="FileNotFoundException">a directory holds no shard set.</exception>
    public static ShardSet Open(IReadOnlyList<string> directories) =>
        ShardSet.Union(directories.Select(d => ShardSet.Open(ShardStores.Open(d))).ToList());
}
