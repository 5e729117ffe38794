namespace AdaFtr.Grains.Wire;

/// <summary>A whole tensor as bytes, before it is cut into <see cref="TensorPiece"/>s.</summary>
public sealed record NamedBuffer(string Name, long[] Shape, int ElementBytes, byte[] Data);

/// <summary>
/// Cuts named buffers into chunks of at most <c>maxBytes</c> payload each, splitting a buffer
/// that is larger than that into byte ranges; <see cref="PieceAssembler"/> puts them back.
/// </summary>
public static class PieceChunker
{
    public static IReadOnlyList<IReadOnlyList<TensorPiece>> Split(IEnumerable<NamedBuffer> buffers, int maxBytes)
    {
        if (maxBytes < 1) throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "must be positive");
        var chunks = new List<IReadOnlyList<TensorPiece>>();
        var current = new List<TensorPiece>();
        long used = 0;
        foreach (var buffer in buffers)
        {
            long offset = 0;
            do
            {
                if (used == maxBytes) { chunks.Add(current); current = []; used = 0; }
                int take = (int)Math.Min(buffer.Data.Length - offset, maxBytes - used);
                // A buffer that fits whole travels as it is: replies share one dense buffer among K workers without K copies.
                var data = offset == 0 && take == buffer.Data.Length ? buffer.Data : buffer.Data.AsSpan((int)offset, take).ToArray();
                current.Add(new TensorPiece(buffer.Name, buffer.Shape, buffer.ElementBytes, offset, data));
                offset += take;
                used += take;
            } while (offset < buffer.Data.Length);
        }
        chunks.Add(current);
        return chunks;
    }
}
