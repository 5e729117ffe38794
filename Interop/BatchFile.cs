using AdaFtr.Model.Features;
using AdaFtr.Model.Weights;
using static TorchSharp.torch;

namespace AdaFtr.Model.Interop;

/// <summary>
/// A batch as safetensors: <c>sparse</c> int64 [B, F] per-field ids, <c>dense</c> float32 [B, D],
/// <c>labels</c> float32 [B, T] (ctr, cvr[, view]), <c>user</c> int64 [B]. These names are a public interface.
/// </summary>
public static class BatchFile
{
    public static IEnumerable<(string Name, Tensor Tensor)> Tensors(Batch batch, string prefix = "") =>
    [
        (prefix + "sparse", batch.Sparse), (prefix + "dense", batch.Dense),
        (prefix + "labels", batch.Labels), (prefix + "user", batch.User),
    ];

    /// <summary>
    /// Reads and checks names, dtypes and shapes against <paramref name="schema"/>. A step dump's
    /// <c>batch.*</c> tensors are accepted too, so a random batch can be replayed.
    /// </summary>
    public static Batch Read(string path, FeatureSchema schema)
    {
        var tensors = SafeTensorsReader.Read(path);
        try
        {
            if (!tensors.ContainsKey("sparse") && tensors.ContainsKey("batch.sparse"))
                foreach (var name in new[] { "sparse", "dense", "labels", "user" })
                    if (tensors.Remove("batch." + name, out var t)) tensors[name] = t;
            var sparse = Take(tensors, path, "sparse", ScalarType.Int64, 2, schema.SparseFields.Count);
            long rows = sparse.shape[0];
            var dense = Take(tensors, path, "dense", ScalarType.Float32, 2, schema.DenseFields.Count, rows);
            var labels = Take(tensors, path, "labels", ScalarType.Float32, 2, schema.Tasks.Count, rows);
            var user = Take(tensors, path, "user", ScalarType.Int64, 1, null, rows);
            if (rows == 0) throw new SafeTensorsFormatException($"{path}: the batch has no rows");
            if (sparse.lt(0).any().item<bool>()) throw new SafeTensorsFormatException($"{path}: 'sparse' holds negative ids");
            var limits = tensor(schema.SparseFields.Select(f => f.Hashed ? long.MaxValue : f.VocabularySize).ToArray());
            if (sparse.ge(limits).any().item<bool>())
                throw new SafeTensorsFormatException($"{path}: 'sparse' holds ids beyond a field's vocabulary_size ({string.Join(", ", schema.SparseFields.Select(f => $"{f.Name}: {f.VocabularySize}"))})");
            tensors.Remove("sparse"); tensors.Remove("dense"); tensors.Remove("labels"); tensors.Remove("user");
            return new Batch(sparse, dense, labels, user);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    private static Tensor Take(Dictionary<string, Tensor> tensors, string path, string name, ScalarType dtype, int rank, int? columns, long? rows = null)
    {
        if (!tensors.TryGetValue(name, out var t)) throw new SafeTensorsFormatException($"{path}: no tensor '{name}'; a batch file holds sparse, dense, labels and user");
        var expected = rank == 2 ? $"[{rows?.ToString() ?? "B"}, {columns}]" : $"[{rows?.ToString() ?? "B"}]";
        bool fits = t.dtype == dtype && t.dim() == rank && (rows is null || t.shape[0] == rows) && (rank == 1 || t.shape[1] == columns);
        if (!fits) throw new SafeTensorsFormatException($"{path}: '{name}' is {t.dtype} [{string.Join(", ", t.shape)}], expected {dtype} {expected} for this config's schema");
        return t;
    }
}
