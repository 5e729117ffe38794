using AdaFtr.Model;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Networks;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Streaming;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Worker k's part of the evaluation set: shards s with s mod K == k, in file order, once. Lives on
/// the worker's compute thread.
/// </summary>
public sealed class EvaluationReader : IDisposable
{
    private readonly ShardBatcher? _batcher;

    private EvaluationReader(ShardBatcher? batcher) => _batcher = batcher;

    public static EvaluationReader Open(JobSpec spec, int worker)
    {
        var set = JobShardSets.Evaluation(spec);
        var mine = WorkerData.ShardsOf(worker, spec.Workers, set.Manifest.Shards.Count);
        return new EvaluationReader(mine.Count == 0 ? null
            : new ShardBatcher(set, new ShardReadOptions(BatchSize: spec.EvalBatchRows, Shuffle: false, Epochs: 1, Shards: mine)));
    }

    /// <summary>The next batch and its lookup index (both the caller's to dispose), or null at the end.</summary>
    public (Batch Batch, LookupIndex Index)? Next(WorkerReplica replica)
    {
        var batch = _batcher?.Next();
        if (batch is null) return null;
        return (batch, replica.Index(batch));
    }

    public void Dispose() => _batcher?.Dispose();
}
