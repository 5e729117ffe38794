using System.Globalization;
using System.Text.Json;
using AdaFtr.Grains;

namespace AdaFtr.Coordinator.Commands.Schedule;

/// <summary>Schedules and runs as aligned text tables, or as JSON for scripts (snake_case, UTC times in ISO 8601).</summary>
internal static class ScheduleOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static void ListTable(TextWriter output, IReadOnlyList<ScheduleView> views)
    {
        if (views.Count == 0)
        {
            output.WriteLine("(no schedules; add one with `adaftr schedule add`)");
            return;
        }
        output.WriteLine($"{"name",-16} {"cron",-14} {"zone",-8} {"window",6} {"test",4} {"metric",-12} {"champion",-28} {"last run",-9} {"next (UTC)",-17}");
        foreach (var v in views)
            output.WriteLine($"{v.Spec.Name,-16} {v.Spec.Cron,-14} {v.Spec.TimeZone,-8} {v.Spec.WindowDays + "d",6} {v.Spec.TestDays + "d",4} {v.Spec.Metric,-12} " +
                             $"{(v.Champion is { } c ? $"{c.RunId} {c.Metric:F4}" : "-"),-28} {(v.Runs.Count > 0 ? v.Runs[^1].Outcome.ToString().ToLowerInvariant() : "-"),-9} {Time(v.NextOccurrence),-17}");
    }

    public static void RunsTable(TextWriter output, ScheduleView view)
    {
        output.WriteLine($"schedule {view.Spec.Name}: {view.Spec.Metric}, champion {(view.Champion is { } c ? $"{c.RunId} ({c.Checkpoint.Store}/{c.Checkpoint.Job} step {c.Checkpoint.Step})" : "none yet")}, next run {Time(view.NextOccurrence)} UTC");
        if (view.Runs.Count == 0)
        {
            output.WriteLine("(no runs yet)");
            return;
        }
        output.WriteLine($"{"run",-32} {"train days",-23} {"test days",-23} {"outcome",-9} {"challenger",10} {"champion",9}  message");
        foreach (var r in view.Runs)
            output.WriteLine($"{r.RunId,-32} {Days(r.FirstTrainDay, r.LastTrainDay),-23} {Days(r.FirstTestDay, r.LastTestDay),-23} {r.Outcome.ToString().ToLowerInvariant(),-9} " +
                             $"{Score(r.Challenger),10} {Score(r.Champion),9}  {r.Message}");
    }

    public static string ListJson(IReadOnlyList<ScheduleView> views) => JsonSerializer.Serialize(views.Select(v => new
    {
        name = v.Spec.Name,
        cron = v.Spec.Cron,
        time_zone = v.Spec.TimeZone,
        dataset = v.Spec.Dataset,
        window_days = v.Spec.WindowDays,
        test_days = v.Spec.TestDays,
        warm_start = v.Spec.WarmStart,
        metric = v.Spec.Metric,
        steps = v.Spec.Steps,
        workers = v.Spec.Workers,
        checkpoints = v.Spec.CheckpointStore,
        champion = Champion(v.Champion),
        last_outcome = v.Runs.Count > 0 ? v.Runs[^1].Outcome.ToString().ToLowerInvariant() : null,
        next_occurrence = v.NextOccurrence,
    }), JsonOptions);

    public static string RunsJson(ScheduleView view) => JsonSerializer.Serialize(new
    {
        name = view.Spec.Name,
        metric = view.Spec.Metric,
        champion = Champion(view.Champion),
        runs = view.Runs.Select(r => new
        {
            run = r.RunId,
            occurrence = r.Occurrence,
            train_days = new[] { r.FirstTrainDay, r.LastTrainDay },
            test_days = new[] { r.FirstTestDay, r.LastTestDay },
            outcome = r.Outcome.ToString().ToLowerInvariant(),
            metric = r.Metric,
            challenger = r.Challenger,
            champion = r.Champion,
            champion_run = r.ChampionRunId,
            started = r.StartedUtc,
            finished = r.FinishedUtc,
            message = r.Message,
        }),
    }, JsonOptions);

    private static object? Champion(ScheduleChampion? c) => c is null ? null : new
    {
        run = c.RunId,
        metric = c.Metric,
        checkpoint = new { store = c.Checkpoint.Store, job = c.Checkpoint.Job, step = c.Checkpoint.Step },
        promoted = c.PromotedUtc,
    };

    private static string Days(DateOnly first, DateOnly last) =>
        first == last ? first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : $"{first:yyyy-MM-dd}..{last:yyyy-MM-dd}";

    private static string Score(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "-";

    private static string Time(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "never";
}
