using System.Text.Json.Serialization;
using AdaFtr.Grains;

namespace AdaFtr.Silo.Json;

/// <summary>A job's summary as `adaftr jobs list --json` and <c>/api/jobs</c> write it; a loss that is not finite is null.</summary>
public sealed record JobJson(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("steps_applied")] long StepsApplied,
    [property: JsonPropertyName("steps")] long Steps,
    [property: JsonPropertyName("steps_per_second")] double? StepsPerSecond,
    [property: JsonPropertyName("last_loss")] double? LastLoss,
    [property: JsonPropertyName("silo")] string? Silo,
    [property: JsonPropertyName("message")] string? Message)
{
    public static JobJson Of(JobStatus s) => new(s.JobId, s.State.ToString(), s.StepsApplied, s.Steps, FiniteNumber.Of(s.StepsPerSecond),
        s.Losses.Count > 0 ? FiniteNumber.Of(s.Losses[^1]) : null, s.Silo, s.Message);

    /// <summary>For the job page: the loss is "the loss" (<see cref="TrainingLoss"/>), the progress answer carries no curve.</summary>
    public static JobJson Of(JobProgressUpdate u) => Of(u.Now) with { LastLoss = FiniteNumber.Of(u.Loss) };
}
