using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Format;

/// <summary>The rows of one block being assembled for a shard, copied in row by row (one bulk copy per column group).</summary>
internal sealed class BlockBuffer(DatasetSchema schema, int capacity)
{
    private readonly ColumnarRows _rows = new(
        new long[capacity * schema.SparseFields.Count], new float[capacity * schema.DenseFields.Count],
        new float[capacity * schema.Labels.Count], new long[capacity], capacity,
        schema.SparseFields.Count, schema.DenseFields.Count, schema.Labels.Count,
        schema.HasTruth ? new float[capacity * schema.Labels.Count] : null);

    public int Count { get; private set; }
    public bool IsFull => Count == _rows.Rows;

    public int Free => _rows.Rows - Count;

    public void CopyRow(ColumnarRows from, int row) => CopyRows(from, row, 1);

    /// <summary>Appends rows [start, start + count) of <paramref name="from"/> (at most <see cref="Free"/>), one bulk copy per column group.</summary>
    public void CopyRows(ColumnarRows from, int start, int count)
    {
        int f = from.SparseFields, d = from.DenseFields, t = from.Tasks;
        from.Sparse.AsSpan(start * f, count * f).CopyTo(_rows.Sparse.AsSpan(Count * f));
        from.Dense.AsSpan(start * d, count * d).CopyTo(_rows.Dense.AsSpan(Count * d));
        from.Labels.AsSpan(start * t, count * t).CopyTo(_rows.Labels.AsSpan(Count * t));
        from.User.AsSpan(start, count).CopyTo(_rows.User.AsSpan(Count));
        if (from.Truth is not null) from.Truth.AsSpan(start * t, count * t).CopyTo(_rows.Truth.AsSpan(Count * t));
        Count += count;
    }

    /// <summary>The filled rows, sharing this buffer's arrays (valid until <see cref="Clear"/>).</summary>
    public ColumnarRows Filled() => _rows with { Rows = Count };

    public void Clear() => Count = 0;
}
