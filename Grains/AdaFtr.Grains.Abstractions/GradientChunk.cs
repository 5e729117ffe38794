namespace AdaFtr.Grains;

/// <summary>
/// One message of worker <see cref="Worker"/>'s push to a parameter-server shard for step
/// <see cref="Step"/>; the push is complete when all <see cref="Chunks"/> chunks arrived. Dense
/// gradients are named pieces; row ids (int64) and row gradients ([U, E] float32) are pieces
/// named <see cref="RowIdsName"/> and <see cref="RowGradientsName"/>. The last chunk also carries
/// the ids of the rows (in this shard's range) the worker's next batch needs, which the shard's
/// reply returns, and, for shard 0, the worker's <see cref="StepReport"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.GradientChunk")]
public sealed record GradientChunk(
    [property: Id(0)] long Step,
    [property: Id(1)] int Worker,
    [property: Id(2)] int Chunk,
    [property: Id(3)] int Chunks,
    [property: Id(4)] IReadOnlyList<TensorPiece> Pieces,
    [property: Id(5)] int Generation,
    [property: Id(6)] long[] NextRowIds,
    [property: Id(7)] StepReport? Report)
{
    public const string RowIdsName = "@row_ids";
    public const string RowGradientsName = "@row_gradients";

    public bool IsLast => Chunk == Chunks - 1;
}
