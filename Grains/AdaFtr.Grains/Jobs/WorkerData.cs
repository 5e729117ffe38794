using AdaFtr.Model;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Streaming;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Worker k's stream of batches (from folders or <c>az://container/folder</c>s read as one set): the shards s with s mod K == k, shuffled per epoch from the
/// job's seed, read forever. Positioned by cursor, so a step retried anywhere reads the same rows.
/// Lives on the worker's compute thread.
/// </summary>
public sealed class WorkerData(JobSpec spec, int worker, long seed) : IDisposable
{
    private readonly ShardSet _set = JobShardSets.Training(spec);
    private ShardBatcher? _batcher;
    private DataCursor? _position;

    public static IReadOnlyList<int> ShardsOf(int worker, int workers, int shardCount) =>
        Enumerable.Range(0, shardCount).Where(s => s % workers == worker).ToList();

    /// <summary>How worker <paramref name="worker"/> reads: its shards, shuffled per epoch from <paramref name="seed"/>, forever.</summary>
    public static ShardReadOptions ReadOptions(JobSpec spec, int worker, long seed, int shardCount) =>
        new(BatchSize: spec.BatchPerWorker, Seed: seed, Shuffle: true, Epochs: null, Shards: ShardsOf(worker, spec.Workers, shardCount));

    /// <summary>The batch that starts at <paramref name="cursor"/> (null: the very start), and the cursor after it.</summary>
    public (Batch Batch, DataCursor After) Read(DataCursor? cursor)
    {
        if (_batcher is null || cursor != _position)
        {
            _batcher?.Dispose();
            _batcher = new ShardBatcher(_set, ReadOptions(spec, worker, seed, _set.Manifest.Shards.Count), cursor is null ? null : new ShardCursor(cursor.Epoch, cursor.Shard, cursor.Block, cursor.Row));
        }
        var batch = _batcher.Next() ?? throw new InvalidOperationException($"worker {worker}: its shards yielded no rows");
        var after = _batcher.Cursor;
        _position = new DataCursor(after.Epoch, after.Shard, after.Block, after.Row);
        return (batch, _position);
    }

    public void Dispose() => _batcher?.Dispose();
}
