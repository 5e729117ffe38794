namespace AdaFtr.Grains;

/// <summary>The initial values a parameter-server shard starts from, sent in chunks like a push.</summary>
[GenerateSerializer, Immutable, Alias("adaftr.ShardInitChunk")]
public sealed record ShardInitChunk(
    [property: Id(0)] JobSpec Spec,
    [property: Id(1)] int Chunk,
    [property: Id(2)] int Chunks,
    [property: Id(3)] IReadOnlyList<TensorPiece> Pieces)
{
    /// <summary>Name of the piece holding the shard's embedding rows, [End − Start, E].</summary>
    public const string RowsName = "@rows";
}
