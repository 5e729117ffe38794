using AdaFtr.Grains;
using AdaFtr.Silo.Json;

namespace AdaFtr.Silo.JobPage;

/// <summary>
/// The job page (<c>/jobs</c>) and what it asks once a refresh (<c>/api/page</c>, <see cref="JobPageJson"/>), served by the silo
/// beside the Orleans dashboard; and the JSON API (<c>/api/jobs</c>, <c>/api/jobs/{id}</c>, <c>/api/schedules</c>) in the
/// shapes the CLI's --json writes (<see cref="JobJson"/>, <see cref="JobDetailJson"/>, <see cref="ScheduleJson"/>).
/// </summary>
public static class JobEndpoints
{
    /// <summary>How long a settled job stays on the job page.</summary>
    private static readonly TimeSpan Recent = TimeSpan.FromDays(1);

    public static void MapJobPage(this WebApplication app)
    {
        app.MapGet("/jobs", () => Results.Content(JobPageHtml.Page, "text/html; charset=utf-8"));
        // The page's one request: the running and recent jobs as they are now, and what is new for the job it shows
        // since its cursor (the job asked for, or the newest listed; a cursor for another job is not used).
        app.MapGet("/api/page", async (IGrainFactory grains, string? job, long? step, int? evaluations, int? recoveries, string? state, Guid? run) =>
        {
            var ids = await grains.GetGrain<IJobRegistryGrain>(0).RecentAsync(Recent);
            var jobs = await Task.WhenAll(ids.Select(id => grains.GetGrain<ITrainingJobGrain>(id).GetProgressAsync(ProgressCursor.Latest, TimeSpan.Zero)));
            var shown = job is not null && ids.Contains(job) ? job : ids.LastOrDefault();
            var since = shown == job && run is { } r
                ? new ProgressCursor(step ?? 0, evaluations ?? 0, recoveries ?? 0, Enum.TryParse<JobState>(state, out var s) ? s : JobState.Created, r)
                : ProgressCursor.Start;
            var progress = shown is null ? null : await grains.GetGrain<ITrainingJobGrain>(shown).GetProgressAsync(since, TimeSpan.Zero);
            return Results.Json(JobPageJson.Of(jobs, progress, await ScheduleApi.ListAsync(grains)));
        });
        app.MapScheduleApi();
        app.MapGet("/api/jobs", async (IGrainFactory grains) =>
        {
            var ids = await grains.GetGrain<IJobRegistryGrain>(0).ListAsync();
            var statuses = await Task.WhenAll(ids.Select(id => grains.GetGrain<ITrainingJobGrain>(id).GetStatusAsync()));
            return Results.Json(statuses.Select(JobJson.Of));
        });
        app.MapGet("/api/jobs/{id}", async (string id, IGrainFactory grains) =>
        {
            var ids = await grains.GetGrain<IJobRegistryGrain>(0).ListAsync();
            if (!ids.Contains(id)) return Results.NotFound(new { error = $"no job '{id}'" });
            var status = await grains.GetGrain<ITrainingJobGrain>(id).GetStatusAsync();
            return Results.Json(JobDetailJson.Of(status));
        });
    }
}
