namespace AdaFtr.Grains;

/// <summary>Part <see cref="Chunk"/> of <see cref="Chunks"/> of a parameter-server shard's checkpoint file (safetensors), restoring it to version <see cref="Step"/>.</summary>
[GenerateSerializer, Immutable, Alias("adaftr.ShardRestoreChunk")]
public sealed record ShardRestoreChunk(
    [property: Id(0)] long Step,
    [property: Id(1)] int Chunk,
    [property: Id(2)] int Chunks,
    [property: Id(3)] byte[] Data);
