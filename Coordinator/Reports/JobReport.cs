using System.Globalization;
using AdaFtr.Checkpoints;

namespace AdaFtr.Coordinator.Reports;

/// <summary>
/// The report of one job: spec, final metrics per task, timings, checkpoints, and the charts.
/// Metrics are printed with six decimals, times in UTC, sizes in bytes (exact, for scripts that compare).
/// </summary>
public static class JobReport
{
    public const string FinalMetricsTitle = "Final metrics", CheckpointsTitle = "Checkpoints", RecoveriesTitle = "Recoveries";

    public static ReportDocument Build(JobReportData data, IReadOnlyList<ReportImage> images)
    {
        var h = data.History;
        var summary = $"{h.State}{(h.Message is null ? "" : $": {h.Message}")}. Step {h.StepsApplied}" +
                      (h.Spec is null ? "" : $" of {h.Spec.Steps}") + $"; read from {data.Source}, last updated {Time(h.UpdatedUtc)}.";
        return new ReportDocument($"Job {h.Job}", summary, [Spec(h), FinalMetrics(h), Timings(h), Recoveries(h), Checkpoints(data.Checkpoints)], images);
    }

    private static ReportTable Spec(JobHistory h)
    {
        if (h.Spec is not { } s) return new ReportTable("Spec", "not recorded (a live status without a stored history)", ["setting", "value"], [], Numeric: false);
        return new ReportTable("Spec", null, ["setting", "value"],
        [
            ["model", $"AdaFTR-{s.Backbone}"],
            ["workers (K)", Invariant(s.Workers)],
            ["parameter-server shards (S)", Invariant(s.ParameterShards)],
            ["steps", $"{Invariant(h.StepsApplied)} applied of {Invariant(s.Steps)}" + (h.ResumedFrom > 0 ? $" (resumed from {Invariant(h.ResumedFrom)})" : "")],
            ["batch", $"{Invariant(s.BatchPerWorker)} per worker, {Invariant((long)s.BatchPerWorker * s.Workers)} per step"],
            ["learning rate, seed", $"{Invariant(s.LearningRate)}, {Invariant(s.Seed)}"],
            ["training data", s.Data],
            ["evaluation data", s.EvalData is null ? "none" : $"{s.EvalData}, {(s.EvalEverySteps > 0 ? $"every {Invariant(s.EvalEverySteps)} steps and " : "")}after the last step"],
            ["checkpoints", s.CheckpointEverySteps > 0 ? $"every {Invariant(s.CheckpointEverySteps)} steps and at the end" : "at the end (and by time, if set)"],
        ], Numeric: false);
    }

    private static ReportTable FinalMetrics(JobHistory h)
    {
        if (h.Evaluations.Count == 0) return new ReportTable(FinalMetricsTitle, "no evaluation (the job had no evaluation data)", ["task", "AUC", "GAUC", "log loss", "rows"], []);
        long step = h.Evaluations.Max(e => e.Step);
        return new ReportTable(FinalMetricsTitle, $"on the evaluation data after step {Invariant(step)}", ["task", "AUC", "GAUC", "log loss", "rows"],
            h.Evaluations.Where(e => e.Step == step).Select(e => (IReadOnlyList<string>)[e.Task, Metric(e.Auc), Metric(e.Gauc), Metric(e.LogLoss), Invariant(e.Rows)]).ToList());
    }

    private static ReportTable Timings(JobHistory h) => new("Timings", null, ["timing", "value"],
    [
        ["started", Time(h.StartedUtc)],
        ["ended", h.EndedUtc is { } end ? Time(end) : $"not yet ({h.State})"],
        ["training time", $"{h.TrainingSeconds.ToString("F1", CultureInfo.InvariantCulture)} s"],
        ["step rate", $"{h.StepsPerSecond.ToString("F2", CultureInfo.InvariantCulture)} steps/s"],
        ["time per step", $"{(h.SecondsPerStep * 1000).ToString("F1", CultureInfo.InvariantCulture)} ms"],
        ["checkpoint stall", $"{(h.CheckpointStallSeconds * 1000).ToString("F1", CultureInfo.InvariantCulture)} ms per checkpoint (training waits while shards copy their state)"],
        ["step retries", Invariant(h.StepRetries)],
        ["checkpoints given up", Invariant(h.CheckpointsGivenUp)],
    ], Numeric: false);

    private static ReportTable Recoveries(JobHistory h) => new(RecoveriesTitle,
        h.Recoveries is { Count: > 0 } ? "what the job lost with a silo, and the checkpoint it went back to" : "none: no silo the job used died",
        ["at (UTC)", "lost", "back to step", "seconds"],
        (h.Recoveries ?? []).Select(r => (IReadOnlyList<string>)[Time(r.AtUtc), r.Lost, Invariant(r.BackToStep), r.Seconds.ToString("F1", CultureInfo.InvariantCulture)]).ToList());

    private static ReportTable Checkpoints(IReadOnlyList<CheckpointManifest> manifests)
    {
        var metrics = manifests.SelectMany(m => m.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = manifests.OrderBy(m => m.Step).Select(m => (IReadOnlyList<string>)
            [Invariant(m.Step), Time(m.CreatedUtc), .. metrics.Select(k => m.Metrics.TryGetValue(k, out var v) ? Metric(v) : ""), Invariant(m.Files.Sum(f => f.Bytes))]).ToList();
        return new ReportTable(CheckpointsTitle, manifests.Count == 0 ? "none in the store (retention keeps the newest and the best)" : "in the store now (retention keeps the newest and the best)",
            ["step", "created (UTC)", .. metrics, "bytes"], rows);
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Metric(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F6", CultureInfo.InvariantCulture);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
