namespace AdaFtr.Grains.Wire;

/// <summary>Collects <see cref="TensorPiece"/>s into whole buffers; knows when every byte of every tensor has arrived.</summary>
public sealed class PieceAssembler
{
    private readonly Dictionary<string, (long[] Shape, int ElementBytes, byte[] Data, long Received)> _buffers = new(StringComparer.Ordinal);

    public void Add(IEnumerable<TensorPiece> pieces)
    {
        foreach (var piece in pieces)
        {
            if (!_buffers.TryGetValue(piece.Name, out var entry))
            {
                long elements = piece.Shape.Aggregate(1L, (a, b) => a * b);
                if (piece.ElementBytes is not (4 or 8) || elements < 0)
                    throw new InvalidDataException($"piece of {piece.Name}: {piece.ElementBytes}-byte elements, shape [{string.Join(", ", piece.Shape)}]");
                if (piece.Offset == 0 && piece.Data.Length == elements * piece.ElementBytes)
                {
                    // A tensor that travelled whole is taken as it came: no second copy of every step's payload.
                    _buffers[piece.Name] = (piece.Shape, piece.ElementBytes, piece.Data, piece.Data.Length);
                    continue;
                }
                entry = (piece.Shape, piece.ElementBytes, new byte[elements * piece.ElementBytes], 0);
            }
            if (piece.Offset < 0 || piece.Offset + piece.Data.Length > entry.Data.Length)
                throw new InvalidDataException($"piece of {piece.Name} at byte {piece.Offset} (+{piece.Data.Length}) lies outside its {entry.Data.Length}-byte tensor");
            piece.Data.CopyTo(entry.Data, piece.Offset);
            _buffers[piece.Name] = (entry.Shape, entry.ElementBytes, entry.Data, entry.Received + piece.Data.Length);
        }
    }

    public bool IsComplete => _buffers.Values.All(b => b.Received == b.Data.Length);

    public IReadOnlyList<NamedBuffer> Buffers => _buffers.Select(kv => new NamedBuffer(kv.Key, kv.Value.Shape, kv.Value.ElementBytes, kv.Value.Data)).ToList();
}
