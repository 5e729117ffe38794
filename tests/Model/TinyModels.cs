using AdaFtr.Model.Configuration;
using AdaFtr.Model.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests;

/// <summary>Models and batches small enough for finite differences and hand checks.</summary>
internal static class TinyModels
{
    public static FeatureSchema Schema(int tasks = 2) => new(
        [new SparseField("user", 7), new SparseField("item", 5), new SparseField("hashed", 4, Hashed: true)],
        ["d0", "d1"],
        FeatureSchema.KnownTasks.Take(tasks).ToList(),
        "user");

    public static ModelConfig Config(BackboneKind kind = BackboneKind.Mmoe, int tasks = 2) => new()
    {
        Schema = Schema(tasks),
        EmbeddingDim = 3,
        Backbone = new BackboneConfig { Kind = kind, ExpertLayers = [6, 5], Experts = 2 },
        TowerLayers = [4, 3],
        RelatednessLayers = [3],
        Objective = new ObjectiveConfig { Lambda = 0.01, Beta = 0.5, PairwiseWeight = 0.3 },
        Training = new TrainingConfig { BatchSize = 8, Seed = 7 },
    };

    /// <summary>A seeded random batch of <paramref name="rows"/> for <see cref="Schema"/>, with every label combination present.</summary>
    public static Batch RandomBatch(int rows, int seed, int tasks = 2, ScalarType dtype = ScalarType.Float32)
    {
        var random = new Random(seed);
        var sparse = new long[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            sparse[r * 3] = random.Next(7);
            sparse[r * 3 + 1] = random.Next(5);
            sparse[r * 3 + 2] = random.Next(1000);   // folded into 4 buckets
        }
        var dense = Enumerable.Range(0, rows * 2).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = new float[rows * tasks];
        for (int r = 0; r < rows; r++)
            for (int t = 0; t < tasks; t++) labels[r * tasks + t] = ((r >> t) & 1) == 1 ? 1f : 0f;
        var users = Enumerable.Range(0, rows).Select(_ => (long)random.Next(3)).ToArray();
        var batch = Batch.FromArrays(sparse, dense, labels, users, rows, 3, 2, tasks);
        if (dtype == ScalarType.Float32) return batch;
        using (batch) return new Batch(batch.Sparse.clone(), batch.Dense.to_type(dtype), batch.Labels.to_type(dtype), batch.User.clone());
    }
}
