namespace AdaFtr.Grains;

/// <summary>
/// A parameter-server shard's file of a verified checkpoint, for the shard to read from the store itself
/// (streamed, and checked against <see cref="Bytes"/> and <see cref="Sha256"/> as it reads): the store as
/// <see cref="JobSpec.CheckpointStore"/> names stores, the checkpoint's job and step, and the manifest's entry.
/// With <see cref="ParametersOnly"/> (a warm start) only the parameters are taken; the Adam state and version 0 stay fresh.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.ShardCheckpointSource")]
public sealed record ShardCheckpointSource(
    [property: Id(0)] string Store,
    [property: Id(1)] string Job,
    [property: Id(2)] long Step,
    [property: Id(3)] string File,
    [property: Id(4)] long Bytes,
    [property: Id(5)] string Sha256,
    [property: Id(6)] bool ParametersOnly = false);
