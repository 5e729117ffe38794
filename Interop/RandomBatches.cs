using AdaFtr.Model.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Interop;

/// <summary>
/// Valid synthetic batches for a schema, from a seed: ids inside each field's vocabulary (any
/// non-negative id for hashed fields), dense values in [0, 1), clicks at 50 %, each later task
/// (cvr, view) only on clicks, at 50 %, users from the user field when there is one.
/// </summary>
public static class RandomBatches
{
    public static Batch Create(FeatureSchema schema, int rows, long seed)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new Generator((ulong)seed);
        var limits = torch.tensor(schema.SparseFields.Select(f => f.Hashed ? int.MaxValue : (long)f.VocabularySize).ToArray()); // [F]
        var sparse = (torch.rand(rows, schema.SparseFields.Count, generator: generator, dtype: ScalarType.Float64) * limits)
            .floor().to_type(ScalarType.Int64).minimum(limits - 1);                                                           // [B, F]
        var dense = torch.rand(rows, schema.DenseFields.Count, generator: generator);                                        // [B, D]
        var click = torch.rand(rows, generator: generator).lt(0.5).to_type(ScalarType.Float32);                              // [B]
        var labels = new List<Tensor> { click };
        for (int t = 1; t < schema.Tasks.Count; t++)
            labels.Add(click * torch.rand(rows, generator: generator).lt(0.5).to_type(ScalarType.Float32));                 // [B], only after a click
        int userColumn = schema.UserField is null ? -1 : schema.SparseFields.Select(f => f.Name).ToList().IndexOf(schema.UserField);
        var user = userColumn >= 0 ? sparse[.., userColumn].clone() : torch.zeros(rows, dtype: ScalarType.Int64);         // [B]
        var batch = new Batch(sparse, dense, torch.stack(labels, 1), user);                                                  // labels [B, T]
        foreach (var t in new[] { batch.Sparse, batch.Dense, batch.Labels, batch.User }) t.MoveToOuterDisposeScope();
        return batch;
    }
}
