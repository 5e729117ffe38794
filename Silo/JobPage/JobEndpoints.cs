using AdaFtr.Grains;
using AdaFtr.Silo.Json;

namespace AdaFtr.Silo.JobPage;

/// <summary>
/// The job page (<c>/jobs</c>) and its JSON (<c>/api/jobs</c>, <c>/api/jobs/{id}</c>, <c>/api/schedules</c>), served by the silo beside the
/// Orleans dashboard, in the shapes the CLI's --json writes (<see cref="JobJson"/>, <see cref="JobDetailJson"/>, <see cref="ScheduleJson"/>).
/// </summary>
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
