namespace AdaFtr.Grains;

/// <summary>
/// Part <see cref="Chunk"/> of <see cref="Chunks"/> of a parameter-server shard's checkpoint file (safetensors), restoring it to
/// version <see cref="Step"/>; with <see cref="ParametersOnly"/> (a warm start) only the parameters are taken, the Adam state
/// and version 0 stay fresh, and <see cref="Step"/> is 0.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.ShardRestoreChunk")]
public sealed record ShardRestoreChunk(
    [property: Id(0)] long Step,
    [property: Id(1)] int Chunk,
    [property: Id(2)] int Chunks,
    [property: Id(3)] byte[] Data,
    [property: Id(4)] bool ParametersOnly = false);
