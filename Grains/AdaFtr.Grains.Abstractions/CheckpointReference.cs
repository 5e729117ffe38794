namespace AdaFtr.Grains;

/// <summary>One checkpoint: the store it lies in (as <see cref="JobSpec.CheckpointStore"/> names stores), its job and its step.</summary>
[GenerateSerializer, Immutable, Alias("adaftr.CheckpointReference")]
public sealed record CheckpointReference(
    [property: Id(0)] string Store,
    [property: Id(1)] string Job,
    [property: Id(2)] long Step);
