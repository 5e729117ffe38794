using System.Runtime.InteropServices;
using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Format;

/// <summary>
/// Where a block's column groups are read from or written to, as raw bytes: managed arrays
/// (<see cref="Of(ColumnarRows)"/>) or native tensor memory, so a reader can fill tensors straight
/// from the file without a managed staging copy. Group order: sparse, dense, labels, user[, truth].
/// </summary>
internal readonly ref struct ColumnGroups
{
    private readonly Span<byte> _sparse, _dense, _labels, _user, _truth;
    private readonly int _sparseRow, _denseRow, _labelRow;

    public ColumnGroups(Span<byte> sparse, Span<byte> dense, Span<byte> labels, Span<byte> user, Span<byte> truth, DatasetSchema schema)
    {
        _sparse = sparse; _dense = dense; _labels = labels; _user = user; _truth = truth;
        _sparseRow = schema.SparseFields.Count * sizeof(long);
        _denseRow = schema.DenseFields.Count * sizeof(float);
        _labelRow = schema.Labels.Count * sizeof(float);
        Count = schema.HasTruth ? 5 : 4;
    }

    public static ColumnGroups Of(ColumnarRows rows, DatasetSchema schema) => new(
        MemoryMarshal.AsBytes(rows.Sparse.AsSpan()), MemoryMarshal.AsBytes(rows.Dense.AsSpan()), MemoryMarshal.AsBytes(rows.Labels.AsSpan()),
        MemoryMarshal.AsBytes(rows.User.AsSpan()), MemoryMarshal.AsBytes(rows.Truth.AsSpan()), schema);

    /// <summary>Number of groups: 4, or 5 with the truth columns.</summary>
    public int Count { get; }

    /// <summary>Group <paramref name="group"/> of rows [start, start + rows), as bytes.</summary>
    public Span<byte> Group(int group, int start, int rows) => group switch
    {
        0 => _sparse.Slice(start * _sparseRow, rows * _sparseRow),
        1 => _dense.Slice(start * _denseRow, rows * _denseRow),
        2 => _labels.Slice(start * _labelRow, rows * _labelRow),
        3 => _user.Slice(start * sizeof(long), rows * sizeof(long)),
        _ => _truth.Slice(start * _labelRow, rows * _labelRow),
    };

    public long Bytes(int start, int rows)
    {
        long total = 0;
        for (int g = 0; g < Count; g++) total += Group(g, start, rows).Length;
        return total;
    }
}
