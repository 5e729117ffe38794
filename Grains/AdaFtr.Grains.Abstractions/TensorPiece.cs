namespace AdaFtr.Grains;

/// <summary>
/// Part of a tensor on the wire: bytes [Offset, Offset + Data.Length) of its contiguous
/// little-endian buffer, <see cref="ElementBytes"/> bytes per element (4: float32, 8: int64). Large tensors travel as several pieces so no message nears Orleans'
/// body limit; a tensor that fits travels whole (Offset 0).
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.TensorPiece")]
public sealed record TensorPiece(
    [property: Id(0)] string Name,
    [property: Id(1)] long[] Shape,
    [property: Id(2)] int ElementBytes,
    [property: Id(3)] long Offset,
    [property: Id(4)] byte[] Data);
