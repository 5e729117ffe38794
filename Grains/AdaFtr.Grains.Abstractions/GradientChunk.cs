namespace AdaFtr.Grains;

/// <summary>
/// One message of worker <see cref="Worker"/>'s push to a parameter-server shard for step
/// <see cref="Step"/>; the push is complete when all <see cref="Chunks"/> chunks arrived. Dense
/// gradients are named pieces; row ids (int64) and row gradients ([U, E] float32) are pieces
/// named <see cref="RowIdsName"/> and <see cref="RowGradientsName"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.GradientChunk")]
public sealed record GradientChunk(
    [property: Id(0)] long Step,
    [property: Id(1)] int Worker,
    [property: Id(2)] int Chunk,
    [property: Id(3)] int Chunks,
    [property: Id(4)] IReadOnlyList<TensorPiece> Pieces)
{
    public const string RowIdsName = "@row_ids";
    public const string RowGradientsName = "@row_gradients";
}
