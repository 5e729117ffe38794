using AdaFtr.Grains;

namespace AdaFtr.Silo.JobPage;

/// <summary><c>/api/schedules</c>: the cluster's scheduled retrains for the job page: champion, the latest runs, the next occurrence.</summary>
public static class ScheduleApi
{
    /// <summary>Runs per schedule in the answer, newest last; `adaftr schedule runs` shows them all.</summary>
    public const int LatestRuns = 10;

    public static void MapScheduleApi(this WebApplication app) =>
        app.MapGet("/api/schedules", async (IGrainFactory grains) =>
        {
            var names = await grains.GetGrain<IScheduleRegistryGrain>(0).ListAsync();
            var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IScheduleGrain>(n).GetAsync()));
            return Results.Json(views.OfType<ScheduleView>().Select(Describe));
        });

    private static object Describe(ScheduleView v) => new
    {
        name = v.Spec.Name,
        cron = v.Spec.Cron,
        time_zone = v.Spec.TimeZone,
        metric = v.Spec.Metric,
        window_days = v.Spec.WindowDays,
        test_days = v.Spec.TestDays,
        champion = v.Champion is { } c ? new { run = c.RunId, metric = Finite(c.Metric), promoted_utc = c.PromotedUtc } : null,
        next_utc = v.NextOccurrence,
        runs = v.Runs.TakeLast(LatestRuns).Select(r => new
        {
            run = r.RunId,
            outcome = r.Outcome.ToString().ToLowerInvariant(),
            challenger = r.Challenger is { } x ? Finite(x) : null,
            champion = r.Champion is { } y ? Finite(y) : null,
            started_utc = r.StartedUtc,
            finished_utc = r.FinishedUtc,
            message = r.Message,
        }),
    };

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
