namespace AdaFtr.Grains;

/// <summary>
/// A shard's answer to a worker: its dense slice at <see cref="Version"/> and the rows the worker asked for
/// (a piece named <see cref="RowsName"/>, [U, E] float32), as chunk 0 of <see cref="Chunks"/>; the worker fetches
/// any further chunks with <c>ReplyChunkAsync</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.ShardReply")]
public sealed record ShardReply([property: Id(0)] long Version, [property: Id(1)] int Chunks, [property: Id(2)] IReadOnlyList<TensorPiece> Pieces)
{
    public const string RowsName = "@rows";
}

/// <summary>
/// Where a parameter shard lives, how many bytes of parameters and Adam state it holds, its version (−1: not
/// initialised, as a new activation after its silo died) and the newest window generation it accepts.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.ShardLocation")]
public sealed record ShardLocation([property: Id(0)] int Shard, [property: Id(1)] string Silo, [property: Id(2)] long StateBytes, [property: Id(3)] long Version, [property: Id(4)] int Generation);
