namespace AdaFtr.Grains;

/// <summary>A schedule as its grain sees it: spec, champion, runs oldest first, and the next cron occurrence.</summary>
[GenerateSerializer, Immutable, Alias("adaftr.ScheduleView")]
public sealed record ScheduleView(
    [property: Id(0)] ScheduleSpec Spec,
    [property: Id(1)] DateTimeOffset CreatedUtc,
    [property: Id(2)] ScheduleChampion? Champion,
    [property: Id(3)] IReadOnlyList<ScheduleRun> Runs,
    [property: Id(4)] DateTimeOffset? NextOccurrence);
