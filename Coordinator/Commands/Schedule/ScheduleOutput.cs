using System.Globalization;
using System.Text.Json;
using AdaFtr.Coordinator.Console;
using AdaFtr.Grains;
using AdaFtr.Silo.Json;

namespace AdaFtr.Coordinator.Commands.Schedule;

/// <summary>Schedules and runs as aligned text tables, or as JSON for scripts (snake_case, UTC times in ISO 8601, the HTTP API's shape).</summary>
internal static class ScheduleOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static void ListTable(CliConsole console, IReadOnlyList<ScheduleView> views)
    {
        if (views.Count == 0)
        {
            console.Line("(no schedules; add one with `adaftr schedule add`)");
            return;
        }
        var table = new ListTable(console, "name", "cron", "zone", "window", "test", "metric", "champion", "last run", "next (UTC)").Numeric(3, 4);
        foreach (var v in views)
        {
            string[] row = [v.Spec.Name, v.Spec.Cron, v.Spec.TimeZone, v.Spec.WindowDays + "d", v.Spec.TestDays + "d", v.Spec.Metric,
                            v.Champion is { } c ? $"{c.RunId} {Score(c.Metric)}" : "-", v.Runs.Count > 0 ? Outcome(v.Runs[^1]) : "-", Time(v.NextOccurrence)];
            if (v.Runs.Count > 0 && v.Runs[^1].Outcome == RunOutcome.Failed) table.Alarm(row);
            else table.Row(row);
        }
        table.Write();
    }

    public static void RunsTable(CliConsole console, ScheduleView view)
    {
        console.Line($"schedule {view.Spec.Name}: {view.Spec.Metric}, champion {(view.Champion is { } c ? $"{c.RunId} ({c.Checkpoint.Store}/{c.Checkpoint.Job} step {c.Checkpoint.Step})" : "none yet")}, next run {Time(view.NextOccurrence)} UTC");
        if (view.Runs.Count == 0)
        {
            console.Line("(no runs yet)");
            return;
        }
        var table = new ListTable(console, "run", "train days", "test days", "outcome", "challenger", "champion", "message").Numeric(4, 5);
        foreach (var r in view.Runs)
        {
            string[] row = [r.RunId, Days(r.FirstTrainDay, r.LastTrainDay), Days(r.FirstTestDay, r.LastTestDay), Outcome(r), Score(r.Challenger), Score(r.Champion), r.Message ?? ""];
            if (r.Outcome == RunOutcome.Failed) table.Alarm(row);
            else table.Row(row);
        }
        table.Write();
    }

    private static string Outcome(ScheduleRun run) => run.Outcome.ToString().ToLowerInvariant();

    /// <summary>The schedules in the shape <c>/api/schedules</c> answers with (<see cref="ScheduleJson"/>), with their latest runs.</summary>
    public static string ListJson(IReadOnlyList<ScheduleView> views) => JsonSerializer.Serialize(views.Select(v => ScheduleJson.Of(v)), JsonOptions);

    /// <summary>One schedule in the same shape, with every run.</summary>
    public static string RunsJson(ScheduleView view) => JsonSerializer.Serialize(ScheduleJson.Of(view, runs: view.Runs.Count), JsonOptions);

    private static string Days(DateOnly first, DateOnly last) =>
        first == last ? first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : $"{first:yyyy-MM-dd}..{last:yyyy-MM-dd}";

    private static string Score(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "-";

    private static string Time(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "never";
}
