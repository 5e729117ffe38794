using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model;

/// <summary>
/// One mini-batch as tensors: <c>Sparse</c> int64 [B, F] per-field ids, <c>Dense</c> float32
/// [B, D], <c>Labels</c> float32 [B, T] in the schema's task order, <c>User</c> int64 [B].
/// Owns its tensors.
/// </summary>
public sealed class Batch(Tensor sparse, Tensor dense, Tensor labels, Tensor user) : IDisposable
{
    public Tensor Sparse { get; } = sparse;
    public Tensor Dense { get; } = dense;
    public Tensor Labels { get; } = labels;
    public Tensor User { get; } = user;
    public int Size => (int)Sparse.shape[0];

    /// <summary>Copies columnar host arrays into tensors (one bulk copy each, no per-element loop).</summary>
    public static Batch FromArrays(long[] sparse, float[] dense, float[] labels, long[] user, int rows, int sparseFields, int denseFields, int tasks) =>
        new(torch.tensor(sparse, [rows, sparseFields], dtype: ScalarType.Int64),
            torch.tensor(dense, [rows, denseFields], dtype: ScalarType.Float32),
            torch.tensor(labels, [rows, tasks], dtype: ScalarType.Float32),
            torch.tensor(user, [rows], dtype: ScalarType.Int64));

    /// <summary>The rows at <paramref name="rows"/> (int64 [N]) as a new batch, gathered by the tensor library.</summary>
    public Batch Select(Tensor rows) =>
        new(Sparse.index_select(0, rows), Dense.index_select(0, rows), Labels.index_select(0, rows), User.index_select(0, rows));

    /// <summary>Rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) as a new batch (micro-batches of a step).</summary>
    public Batch Slice(long start, long count) =>
        new(Sparse.narrow(0, start, count).clone(), Dense.narrow(0, start, count).clone(),
            Labels.narrow(0, start, count).clone(), User.narrow(0, start, count).clone());

    public void Dispose()
    {
        Sparse.Dispose(); Dense.Dispose(); Labels.Dispose(); User.Dispose();
    }
}
