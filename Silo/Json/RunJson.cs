using System.Text.Json.Serialization;
using AdaFtr.Grains;

namespace AdaFtr.Silo.Json;

/// <summary>One run of a schedule as the CLI and the HTTP API write it; scores that are not finite are null.</summary>
public sealed record RunJson(
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("occurrence")] DateTimeOffset Occurrence,
    [property: JsonPropertyName("train_days")] DateOnly[] TrainDays,
    [property: JsonPropertyName("test_days")] DateOnly[] TestDays,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("challenger")] double? Challenger,
    [property: JsonPropertyName("champion")] double? Champion,
    [property: JsonPropertyName("champion_run")] string? ChampionRun,
    [property: JsonPropertyName("started_utc")] DateTimeOffset StartedUtc,
    [property: JsonPropertyName("finished_utc")] DateTimeOffset? FinishedUtc,
    [property: JsonPropertyName("message")] string? Message)
{
    public static RunJson Of(ScheduleRun r) => new(r.RunId, r.Occurrence, [r.FirstTrainDay, r.LastTrainDay], [r.FirstTestDay, r.LastTestDay],
        r.Outcome.ToString().ToLowerInvariant(), r.Metric, FiniteNumber.Of(r.Challenger), FiniteNumber.Of(r.Champion), r.ChampionRunId,
        r.StartedUtc, r.FinishedUtc, r.Message);
}
