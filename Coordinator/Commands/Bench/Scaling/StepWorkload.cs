using AdaFtr.Model.Distributed;

namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// What one step moves and applies, per parameter-server shard: the dense parameters it owns, the
/// table rows one worker's batch touches in its range (mean over batches), and the rows the K
/// workers' batches touch together (what its lazy Adam updates).
/// </summary>
public sealed record StepWorkload(
    int BatchPerWorker,
    int EmbeddingDim,
    IReadOnlyList<long> DenseElementsPerShard,
    IReadOnlyList<double> WorkerRowsPerShard,
    IReadOnlyList<double> MergedRowsPerShard)
{
    public int Shards => DenseElementsPerShard.Count;

    /// <summary>Bytes of the dense parameters shard <paramref name="shard"/> replies with; a worker's dense gradient pushed to it is as many.</summary>
    public double DenseBytes(int shard) => DenseElementsPerShard[shard] * (double)sizeof(float);

    /// <summary>Row ids (int64) and rows (float32 × E) of shard <paramref name="shard"/> a worker's batch touches, one way: the ids and row gradients it pushes, or the ids asked for and the rows replied.</summary>
    public double SparseBytes(int shard) => WorkerRowsPerShard[shard] * (sizeof(long) + EmbeddingDim * (double)sizeof(float));

    /// <summary>One worker's push to shard <paramref name="shard"/>: dense gradient, row ids and row gradients, and the ids of the rows its next batch needs.</summary>
    public double PushBytes(int shard) => DenseBytes(shard) + SparseBytes(shard) + WorkerRowsPerShard[shard] * sizeof(long);

    /// <summary>Shard <paramref name="shard"/>'s reply to one worker: its dense slice and the rows of that worker's next batch.</summary>
    public double ReplyBytes(int shard) => DenseBytes(shard) + WorkerRowsPerShard[shard] * EmbeddingDim * (double)sizeof(float);

    /// <summary>One direction, one worker, all shards: the figure <c>bench distributed</c> reports per worker and way.</summary>
    public double DenseBytesPerWorker => Enumerable.Range(0, Shards).Sum(DenseBytes);

    public double SparseBytesPerWorker => Enumerable.Range(0, Shards).Sum(SparseBytes);

    /// <summary>
    /// The workload of a model split by <paramref name="layout"/>, from the sorted unique table
    /// rows of sampled batches: <paramref name="workerBatches"/> one worker's each,
    /// <paramref name="mergedSteps"/> all K workers' together for a step.
    /// </summary>
    public static StepWorkload From(ParameterLayout layout, int batchPerWorker, IReadOnlyList<long[]> workerBatches, IReadOnlyList<long[]> mergedSteps)
    {
        var dense = Enumerable.Range(0, layout.Shards).Select(s => layout.DenseOf(s).Sum(d => d.Elements)).ToList();
        return new StepWorkload(batchPerWorker, layout.EmbeddingDim, dense, MeanRowsPerShard(layout, workerBatches), MeanRowsPerShard(layout, mergedSteps));
    }

    private static IReadOnlyList<double> MeanRowsPerShard(ParameterLayout layout, IReadOnlyList<long[]> samples) =>
        Enumerable.Range(0, layout.Shards).Select(s =>
        {
            var (start, end) = layout.RowRange(s);
            return samples.Average(rows => (double)(LowerBound(rows, end) - LowerBound(rows, start)));
        }).ToList();

    private static int LowerBound(long[] sorted, long value)
    {
        int index = Array.BinarySearch(sorted, value);
        return index >= 0 ? index : ~index;
    }
}
