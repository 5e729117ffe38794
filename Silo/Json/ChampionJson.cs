using System.Text.Json.Serialization;
using AdaFtr.Grains;

namespace AdaFtr.Silo.Json;

/// <summary>A schedule's champion as the CLI and the HTTP API write it; a metric that is not finite is null.</summary>
public sealed record ChampionJson(
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("metric")] double? Metric,
    [property: JsonPropertyName("checkpoint")] CheckpointJson Checkpoint,
    [property: JsonPropertyName("promoted_utc")] DateTimeOffset PromotedUtc)
{
    public static ChampionJson? Of(ScheduleChampion? c) =>
        c is null ? null : new(c.RunId, FiniteNumber.Of(c.Metric), CheckpointJson.Of(c.Checkpoint), c.PromotedUtc);
}
