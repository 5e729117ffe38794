using AdaFtr.Model.Configuration;
using AdaFtr.Shards;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Integration.Tests;

/// <summary>A shard set written by the test: random ids with a learnable click signal, and the row index as user id (the sample id).</summary>
internal sealed class SyntheticRows(int rows) : IRowSource
{
    public const int SparseFields = 4, Vocabulary = 41;

    public DatasetSchema Schema { get; } = new(
        Enumerable.Range(0, SparseFields).Select(f => $"f{f}").ToList(), ["d0"], ["click", "purchase"], ["ctr", "cvr"], "user");

    public string Description => "integration test rows";

    public string WriteShards(string folder, int shards)
    {
        ShardSetWriter.Write(this, new LocalDirectoryStore(folder), new ShardWriteOptions(Shards: shards, BlockRows: 128));
        return folder;
    }

    public IEnumerable<ColumnarRows> ReadChunks(int chunkRows)
    {
        var random = new Random(17);
        var sparse = new long[rows * SparseFields];
        var dense = new float[rows];
        var labels = new float[rows * 2];
        for (int r = 0; r < rows; r++)
        {
            for (int f = 0; f < SparseFields; f++) sparse[r * SparseFields + f] = random.Next(Vocabulary);
            dense[r] = (float)random.NextDouble();
            bool click = sparse[r * SparseFields + 1] % 4 == 0 ^ random.NextDouble() < 0.1;
            labels[r * 2] = click ? 1 : 0;
            labels[r * 2 + 1] = click && random.NextDouble() < 0.3 ? 1 : 0;
        }
        var all = new ColumnarRows(sparse, dense, labels, Enumerable.Range(0, rows).Select(r => (long)r).ToArray(), rows, SparseFields, 1, 2);
        for (int start = 0; start < rows; start += chunkRows) yield return all.Slice(start, Math.Min(chunkRows, rows - start));
    }

    public ModelConfig Config(int workers, int batchPerWorker) => new()
    {
        Schema = Schema.ToFeatureSchema(Enumerable.Repeat((long)Vocabulary, SparseFields).ToList()) with { UserField = "f0" },
        EmbeddingDim = 4,
        Backbone = new BackboneConfig { ExpertLayers = [16, 8], Experts = 2 },
        TowerLayers = [8, 4],
        RelatednessLayers = [4],
        Optimizer = new OptimizerConfig { LearningRate = 0.01 },
        Training = new TrainingConfig { BatchSize = workers * batchPerWorker, MicroBatches = workers, Seed = 23 },
    };
}
