using System.Text.Json.Serialization;
using AdaFtr.Grains;

namespace AdaFtr.Silo.Json;

/// <summary>
/// One answer of <c>/api/page</c>, all that the job page shows, so that an open page makes one request a refresh: the
/// running and recently settled jobs, the scheduled retrains, and for the job the page shows, its detail without the
/// curves and what is new in them since the page's cursor (the page keeps the curves; <see cref="JobProgressUpdate"/>).
/// </summary>
public sealed record JobPageJson(
    [property: JsonPropertyName("jobs")] IReadOnlyList<JobJson> Jobs,
    [property: JsonPropertyName("schedules")] IReadOnlyList<ScheduleJson> Schedules,
    [property: JsonPropertyName("job")] JobPageJson.Shown? Job)
{
    /// <summary>The shown job: keep the first <c>kept_steps</c> losses and <c>kept_evaluations</c> evaluations, append these, and ask next with <c>next</c>.</summary>
    public sealed record Shown(
        [property: JsonPropertyName("detail")] JobDetailJson Detail,
        [property: JsonPropertyName("kept_steps")] long KeptSteps,
        [property: JsonPropertyName("losses")] IReadOnlyList<double?> Losses,
        [property: JsonPropertyName("kept_evaluations")] int KeptEvaluations,
        [property: JsonPropertyName("evaluations")] IReadOnlyList<JobDetailJson.Evaluation> Evaluations,
        [property: JsonPropertyName("next")] Cursor Next);

    /// <summary>A <see cref="ProgressCursor"/> as the page sends it back in the query (<c>step</c>, <c>evaluations</c>, <c>recoveries</c>, <c>state</c>, <c>run</c>).</summary>
    public sealed record Cursor(
        [property: JsonPropertyName("step")] long Step, [property: JsonPropertyName("evaluations")] int Evaluations,
        [property: JsonPropertyName("recoveries")] int Recoveries, [property: JsonPropertyName("state")] string State, [property: JsonPropertyName("run")] Guid Run)
    {
        public static Cursor Of(ProgressCursor c) => new(c.Step, c.Evaluations, c.Recoveries, c.State.ToString(), c.Run);
    }

    public static JobPageJson Of(IEnumerable<JobProgressUpdate> jobs, JobProgressUpdate? shown, IEnumerable<ScheduleJson> schedules) => new(
        jobs.Select(JobJson.Of).ToList(), schedules.ToList(),
        shown is null ? null : new Shown(JobDetailJson.Of(shown.Now), shown.KeptSteps, shown.Losses.Select(l => FiniteNumber.Of(l)).ToList(),
            shown.KeptEvaluations, shown.Evaluations.Select(JobDetailJson.Evaluation.Of).ToList(), Cursor.Of(shown.Next)));
}
