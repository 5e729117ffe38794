namespace AdaFtr.Grains;

/// <summary>The model in service: the run that trained it, its final checkpoint, and its metric on that run's test days.</summary>
[GenerateSerializer, Immutable, Alias("adaftr.ScheduleChampion")]
public sealed record ScheduleChampion(
    [property: Id(0)] string RunId,
    [property: Id(1)] CheckpointReference Checkpoint,
    [property: Id(2)] double Metric,
    [property: Id(3)] DateTimeOffset PromotedUtc,
    [property: Id(4)] string ModelConfigJson,
    [property: Id(5)] int ParameterShards);
