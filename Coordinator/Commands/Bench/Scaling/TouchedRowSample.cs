using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// The embedding-table rows that sampled aliccp-like batches touch (ids drawn as the generator
/// draws them: log-uniform, a few frequent ids and a long tail), as sorted unique global rows of
/// the one table: per worker batch, and merged over the first K workers of a step.
/// </summary>
public sealed class TouchedRowSample
{
    private readonly long[][][] _byStep;   // [step][worker] sorted unique rows

    private TouchedRowSample(long[][][] byStep, long embeddingRows)
    {
        _byStep = byStep;
        EmbeddingRows = embeddingRows;
    }

    /// <summary>Σ vocabulary sizes: the table's rows.</summary>
    public long EmbeddingRows { get; }

    public int Workers => _byStep[0].Length;

    /// <summary>Every sampled worker batch's rows.</summary>
    public IReadOnlyList<long[]> WorkerBatches => _byStep.SelectMany(step => step).ToList();

    /// <summary>Per step, the rows of workers 0..<paramref name="workers"/>−1 together: what a shard's lazy Adam updates.</summary>
    public IReadOnlyList<long[]> Merged(int workers)
    {
        if (workers < 1 || workers > Workers) throw new ArgumentOutOfRangeException(nameof(workers), workers, $"between 1 and the {Workers} sampled");
        return _byStep.Select(step => step.Take(workers).SelectMany(rows => rows).Distinct().Order().ToArray()).ToList();
    }

    public static TouchedRowSample Draw(IReadOnlyList<long> vocabularySizes, int batchPerWorker, int workers, int steps, long seed)
    {
        var generator = new AliCcpLikeGenerator(new SyntheticOptions((long)batchPerWorker * workers * steps, seed, WriteTruth: false), vocabularySizes);
        var offsets = generator.Schema.ToFeatureSchema(vocabularySizes).FieldRowOffsets();
        var batches = generator.ReadChunks(batchPerWorker).Select(chunk =>
        {
            var rows = new long[chunk.Sparse.Length];
            for (int i = 0; i < rows.Length; i++) rows[i] = offsets[i % chunk.SparseFields] + chunk.Sparse[i];
            return rows.Distinct().Order().ToArray();
        }).ToList();
        var byStep = Enumerable.Range(0, steps).Select(step => batches.Skip(step * workers).Take(workers).ToArray()).ToArray();
        return new TouchedRowSample(byStep, vocabularySizes.Sum());
    }
}
