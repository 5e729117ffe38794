using AdaFtr.Grains;
using AdaFtr.Silo.Json;

namespace AdaFtr.Silo.JobPage;

/// <summary><c>/api/schedules</c>: the cluster's scheduled retrains for the job page, in the shape `adaftr schedule list --json` writes (<see cref="ScheduleJson"/>).</summary>
public static class ScheduleApi
{
    public static void MapScheduleApi(this WebApplication app) =>
        app.MapGet("/api/schedules", async (IGrainFactory grains) => Results.Json(await ListAsync(grains)));

    public static async Task<IReadOnlyList<ScheduleJson>> ListAsync(IGrainFactory grains)
    {
        var names = await grains.GetGrain<IScheduleRegistryGrain>(0).ListAsync();
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IScheduleGrain>(n).GetAsync()));
        return views.OfType<ScheduleView>().Select(v => ScheduleJson.Of(v)).ToList();
    }
}
