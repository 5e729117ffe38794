namespace AdaFtr.Model.Distributed;

/// <summary>
/// A worker's gradients for one step after their one copy down from the device: every float32 value in one
/// byte array, cut into each parameter-server shard's pieces by byte ranges (no tensor, no further device copy).
/// </summary>
/// <param name="Bytes">The flat buffer: the dense gradients by <paramref name="Dense"/>, then the [U, E] row gradients.</param>
/// <param name="Dense">Each dense gradient's name, shape and byte offset; a parameter without a gradient this step is absent.</param>
/// <param name="RowIds">The [U] sorted unique rows the batch touched.</param>
/// <param name="RowsOffset">Byte offset of the row gradients.</param>
public sealed record HostGradients(byte[] Bytes, IReadOnlyList<(string Name, long[] Shape, int Offset)> Dense, long[] RowIds, int RowsOffset,
    int EmbeddingDim, double Loss, string? FirstNonFinite)
{
    /// <summary>The byte ranges of <paramref name="shard"/>: its dense gradients by name (in layout order), its rows and their gradients.</summary>
    public (IReadOnlyList<(string Name, long[] Shape, byte[] Data)> Dense, long[] RowIds, byte[] RowGradients) ForShard(ParameterLayout layout, int shard)
    {
        var present = Dense.ToDictionary(d => d.Name);
        var dense = layout.DenseOf(shard).Where(d => present.ContainsKey(d.Name)).Select(d =>
        {
            var (name, shape, offset) = present[d.Name];
            return (name, shape, Bytes.AsSpan(offset, (int)d.Elements * sizeof(float)).ToArray());
        }).ToList();
        var (start, end) = layout.RowRange(shard);
        int from = LowerBound(start), to = LowerBound(end);
        int rowBytes = EmbeddingDim * sizeof(float);
        return (dense, RowIds[from..to], Bytes.AsSpan(RowsOffset + from * rowBytes, (to - from) * rowBytes).ToArray());
    }

    private int LowerBound(long value)
    {
        int index = Array.BinarySearch(RowIds, value);
        return index >= 0 ? index : ~index;
    }
}
