using AdaFtr.Model;

namespace AdaFtr.Shards.Readers;

/// <summary>Rows held column-wise in flat arrays, row-major per group: sparse [N, F], dense [N, D], labels [N, T].</summary>
public sealed record ColumnarRows(long[] Sparse, float[] Dense, float[] Labels, long[] User, int Rows, int SparseFields, int DenseFields, int Tasks)
{
    /// <summary>Every row as one tensor batch (one bulk copy per column group).</summary>
    public Batch ToBatch() => Batch.FromArrays(Sparse, Dense, Labels, User, Rows, SparseFields, DenseFields, Tasks);

    /// <summary>Largest id per sparse field, plus one: the smallest vocabulary that holds every row.</summary>
    public int[] VocabularySizes()
    {
        var sizes = new int[SparseFields];
        for (int i = 0; i < Sparse.Length; i++)
        {
            int field = i % SparseFields;
            sizes[field] = (int)Math.Max(sizes[field], Sparse[i] + 1);
        }
        return sizes;
    }
}
