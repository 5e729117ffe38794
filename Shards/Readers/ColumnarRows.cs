using AdaFtr.Model;

namespace AdaFtr.Shards.Readers;

/// <summary>
/// Rows held column-wise in flat arrays, row-major per group: sparse [N, F], dense [N, D],
/// labels [N, T], user [N], and for synthetic data the true probabilities [N, T] (<see cref="Truth"/>).
/// </summary>
public sealed record ColumnarRows(long[] Sparse, float[] Dense, float[] Labels, long[] User, int Rows, int SparseFields, int DenseFields, int Tasks, float[]? Truth = null)
{
    /// <summary>Every row as one tensor batch (one bulk copy per column group).</summary>
    public Batch ToBatch() => Batch.FromArrays(Sparse, Dense, Labels, User, Rows, SparseFields, DenseFields, Tasks);

    /// <summary>Largest id per sparse field, plus one: the smallest vocabulary that holds every row.</summary>
    public int[] VocabularySizes()
    {
        var sizes = new int[SparseFields];
        for (int i = 0; i < Rows * SparseFields; i++)
        {
            int field = i % SparseFields;
            sizes[field] = (int)Math.Max(sizes[field], Sparse[i] + 1);
        }
        return sizes;
    }

    /// <summary>Rows [start, start + count) as new arrays (bulk copies).</summary>
    public ColumnarRows Slice(int start, int count) => new(
        Sparse.AsSpan(start * SparseFields, count * SparseFields).ToArray(),
        Dense.AsSpan(start * DenseFields, count * DenseFields).ToArray(),
        Labels.AsSpan(start * Tasks, count * Tasks).ToArray(),
        User.AsSpan(start, count).ToArray(), count, SparseFields, DenseFields, Tasks,
        Truth?.AsSpan(start * Tasks, count * Tasks).ToArray());
}
