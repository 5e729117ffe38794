using System.Text.Json.Serialization;
using AdaFtr.Grains;

namespace AdaFtr.Silo.Json;

/// <summary>
/// A schedule as `adaftr schedule list|show|runs --json` and <c>/api/schedules</c> write it: its spec, its champion, its
/// latest runs (oldest first) and the next occurrence. One shape, so a script reads either.
/// </summary>
public sealed record ScheduleJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("cron")] string Cron,
    [property: JsonPropertyName("time_zone")] string TimeZone,
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("window_days")] int WindowDays,
    [property: JsonPropertyName("test_days")] int TestDays,
    [property: JsonPropertyName("warm_start")] bool WarmStart,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("steps")] long Steps,
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("checkpoints")] string Checkpoints,
    [property: JsonPropertyName("champion")] ChampionJson? Champion,
    [property: JsonPropertyName("last_outcome")] string? LastOutcome,
    [property: JsonPropertyName("next_utc")] DateTimeOffset? NextUtc,
    [property: JsonPropertyName("runs")] IReadOnlyList<RunJson> Runs)
{
    /// <summary>Runs in a schedule's answer unless asked for all (`adaftr schedule runs` shows them all).</summary>
    public const int LatestRuns = 10;

    /// <param name="runs">How many of the latest runs to include.</param>
    public static ScheduleJson Of(ScheduleView v, int runs = LatestRuns) => new(
        v.Spec.Name, v.Spec.Cron, v.Spec.TimeZone, v.Spec.Dataset, v.Spec.WindowDays, v.Spec.TestDays, v.Spec.WarmStart, v.Spec.Metric,
        v.Spec.Steps, v.Spec.Workers, v.Spec.CheckpointStore, ChampionJson.Of(v.Champion),
        v.Runs.Count > 0 ? v.Runs[^1].Outcome.ToString().ToLowerInvariant() : null, v.NextOccurrence,
        v.Runs.TakeLast(runs).Select(RunJson.Of).ToList());
}
