namespace AdaFtr.Grains;

[GenerateSerializer]
public enum RunOutcome { Running, Promoted, Refused, Failed }

/// <summary>
/// One run of a schedule: its cron occurrence, the days it trained and tested on, and what came of it. The metric values
/// are <see cref="Metric"/> (the spec's when the run started) on the same test days: <see cref="Challenger"/> for the model this run trained,
/// <see cref="Champion"/> for the champion of the time (null: there was none).
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.ScheduleRun")]
public sealed record ScheduleRun(
    [property: Id(0)] string RunId,
    [property: Id(1)] DateTimeOffset Occurrence,
    [property: Id(2)] DateOnly FirstTrainDay,
    [property: Id(3)] DateOnly LastTrainDay,
    [property: Id(4)] DateOnly FirstTestDay,
    [property: Id(5)] DateOnly LastTestDay,
    [property: Id(6)] RunOutcome Outcome,
    [property: Id(7)] DateTimeOffset StartedUtc,
    [property: Id(8)] DateTimeOffset? FinishedUtc = null,
    [property: Id(9)] double? Challenger = null,
    [property: Id(10)] double? Champion = null,
    [property: Id(11)] string? ChampionRunId = null,
    [property: Id(12)] string? ChampionEvalJob = null,
    [property: Id(13)] string? Message = null,
    [property: Id(14)] string Metric = "");
