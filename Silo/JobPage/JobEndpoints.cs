using AdaFtr.Grains;

namespace AdaFtr.Silo.JobPage;

/// <summary>The job page (<c>/jobs</c>) and its JSON (<c>/api/jobs</c>, <c>/api/jobs/{id}</c>, <c>/api/schedules</c>), served by the silo beside the Orleans dashboard.</summary>
public static class JobEndpoints
{
    public static void MapJobPage(this WebApplication app)
    {
        app.MapGet("/jobs", () => Results.Content(JobPageHtml.Page, "text/html; charset=utf-8"));
        app.MapScheduleApi();
        app.MapGet("/api/jobs", async (IGrainFactory grains) =>
        {
            var ids = await grains.GetGrain<IJobRegistryGrain>(0).ListAsync();
            var statuses = await Task.WhenAll(ids.Select(id => grains.GetGrain<ITrainingJobGrain>(id).GetStatusAsync()));
            return Results.Json(statuses.Select(Summary));
        });
        app.MapGet("/api/jobs/{id}", async (string id, IGrainFactory grains) =>
        {
            var ids = await grains.GetGrain<IJobRegistryGrain>(0).ListAsync();
            if (!ids.Contains(id)) return Results.NotFound(new { error = $"no job '{id}'" });
            var status = await grains.GetGrain<ITrainingJobGrain>(id).GetStatusAsync();
            return Results.Json(new
            {
                summary = Summary(status),
                message = status.Message,
                losses = status.Losses,
                evaluations = status.Evaluations.Select(e => new { step = e.Step, task = e.Task, auc = Finite(e.Auc), gauc = Finite(e.Gauc), logloss = Finite(e.LogLoss), rows = e.Rows }),
                workers = status.Workers.Select(w => new { worker = w.Worker, silo = w.Silo, device = w.Device }),
                workers_per_device = status.Workers.GroupBy(w => $"{w.Silo} {w.Device}").ToDictionary(g => g.Key, g => g.Count()),
                last_checkpoint = status.LastCheckpoint > 0 ? new { step = status.LastCheckpoint, utc = status.LastCheckpointUtc } : null,
                checkpoint_stall_seconds = status.CheckpointStallSeconds,
                step_retries = status.StepRetries,
                dense_bytes = status.DenseBytes,
                sparse_bytes = status.SparseBytes,
            });
        });
    }

    /// <summary>JSON has no NaN: a metric without a value (one class only, e.g. GAUC with no user having both) is null.</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static object Summary(JobStatus status) => new
    {
        job = status.JobId,
        state = status.State.ToString(),
        steps_applied = status.StepsApplied,
        steps = status.Steps,
        steps_per_second = status.StepsPerSecond,
        last_loss = status.Losses.Count > 0 ? status.Losses[^1] : (double?)null,
        silo = status.Silo,
    };
}
