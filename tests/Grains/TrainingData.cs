using AdaFtr.Model.Configuration;
using AdaFtr.Shards;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Grains.Tests;

/// <summary>A small shard set written by the test: random ids, a unique user id per row (the sample id), labels with signal.</summary>
internal sealed class TrainingData : IRowSource, IDisposable
{
    public const int Rows = 1536, SparseFields = 4, DenseFields = 2, Vocabulary = 37;

    public TrainingData(int shards)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("adaftr-grains-data-").FullName;
        ShardSetWriter.Write(this, new LocalDirectoryStore(Directory), new ShardWriteOptions(Shards: shards, BlockRows: 64));
    }

    public string Directory { get; }

    public DatasetSchema Schema { get; } = new(
        Enumerable.Range(0, SparseFields).Select(f => $"f{f}").ToList(), ["d0", "d1"], ["click", "purchase"], ["ctr", "cvr"], "user");

    public string Description => "grains test rows";

    public IEnumerable<ColumnarRows> ReadChunks(int chunkRows)
    {
        var random = new Random(3);
        var sparse = new long[Rows * SparseFields];
        var dense = new float[Rows * DenseFields];
        var labels = new float[Rows * 2];
        for (int r = 0; r < Rows; r++)
        {
            for (int f = 0; f < SparseFields; f++) sparse[r * SparseFields + f] = random.Next(Vocabulary);
            for (int d = 0; d < DenseFields; d++) dense[r * DenseFields + d] = (float)random.NextDouble();
            bool click = (sparse[r * SparseFields] % 3 == 0) ^ (random.NextDouble() < 0.2);
            labels[r * 2] = click ? 1 : 0;
            labels[r * 2 + 1] = click && random.NextDouble() < 0.4 ? 1 : 0;
        }
        var all = new ColumnarRows(sparse, dense, labels, Enumerable.Range(0, Rows).Select(r => (long)r).ToArray(), Rows, SparseFields, DenseFields, 2);
        for (int start = 0; start < Rows; start += chunkRows) yield return all.Slice(start, Math.Min(chunkRows, Rows - start));
    }

    public static ModelConfig Config(int microBatches, int batch) => new()
    {
        Schema = new DatasetSchema(Enumerable.Range(0, SparseFields).Select(f => $"f{f}").ToList(), ["d0", "d1"], ["click", "purchase"], ["ctr", "cvr"], "user")
            .ToFeatureSchema(Enumerable.Repeat((long)Vocabulary, SparseFields).ToList()) with { UserField = "f0" },
        EmbeddingDim = 4,
        Backbone = new BackboneConfig { ExpertLayers = [16, 8], Experts = 2 },
        TowerLayers = [8, 4],
        RelatednessLayers = [4],
        Optimizer = new OptimizerConfig { LearningRate = 0.01 },
        Training = new TrainingConfig { BatchSize = batch, MicroBatches = microBatches, Seed = 11 },
    };

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
