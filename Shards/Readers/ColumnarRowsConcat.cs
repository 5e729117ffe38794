namespace AdaFtr.Shards.Readers;

/// <summary>Joins chunks into one <see cref="ColumnarRows"/> with bulk copies (for sets small enough to hold whole).</summary>
public static class ColumnarRowsConcat
{
    public static ColumnarRows Of(IReadOnlyList<ColumnarRows> chunks)
    {
        var first = chunks[0];
        int rows = chunks.Sum(c => c.Rows);
        bool truth = chunks.All(c => c.Truth is not null);
        var all = new ColumnarRows(new long[rows * first.SparseFields], new float[rows * first.DenseFields], new float[rows * first.Tasks],
            new long[rows], rows, first.SparseFields, first.DenseFields, first.Tasks, truth ? new float[rows * first.Tasks] : null);
        int at = 0;
        foreach (var c in chunks)
        {
            c.Sparse.AsSpan(0, c.Rows * c.SparseFields).CopyTo(all.Sparse.AsSpan(at * c.SparseFields));
            c.Dense.AsSpan(0, c.Rows * c.DenseFields).CopyTo(all.Dense.AsSpan(at * c.DenseFields));
            c.Labels.AsSpan(0, c.Rows * c.Tasks).CopyTo(all.Labels.AsSpan(at * c.Tasks));
            c.User.AsSpan(0, c.Rows).CopyTo(all.User.AsSpan(at));
            if (truth) c.Truth!.AsSpan(0, c.Rows * c.Tasks).CopyTo(all.Truth.AsSpan(at * c.Tasks));
            at += c.Rows;
        }
        return all;
    }
}
