using System.Globalization;
using AdaFtr.Coordinator.Console;
using AdaFtr.Grains;

namespace AdaFtr.Coordinator.Commands;

/// <summary>How <c>jobs list</c> and <c>jobs status</c> show jobs without --json.</summary>
internal static class JobViews
{
    public static void List(CliConsole console, IReadOnlyList<JobStatus> statuses)
    {
        if (statuses.Count == 0)
        {
            console.Line("(no jobs)");
            return;
        }
        var table = new ListTable(console, "job", "state", "step", "steps/s", "loss").Numeric(2, 3, 4);
        foreach (var s in statuses)
        {
            string[] row = [s.JobId, s.State.ToString(), $"{s.StepsApplied}/{s.Steps}", s.StepsPerSecond.ToString("F1", CultureInfo.InvariantCulture),
                            s.Losses.Count > 0 ? TrainingLoss.After(s.Losses, s.Losses.Count).ToString("F4", CultureInfo.InvariantCulture) : ""];
            if (s.State is JobState.Failed or JobState.Paused) table.Alarm(row);
            else table.Row(row);
        }
        table.Write();
    }

    public static void Status(CliConsole console, JobStatus s)
    {
        console.Line($"job {s.JobId}: {s.State}, step {s.StepsApplied}/{s.Steps}, {s.StepsPerSecond:F1} steps/s, {s.StepRetries} step retries, job silo {s.Silo}");
        if (s.Message is not null) console.Line($"  {s.Message}");
        var workers = new ListTable(console, "worker", "silo", "device").Numeric(0);
        foreach (var w in s.Workers) workers.Row(w.Worker.ToString(CultureInfo.InvariantCulture), w.Silo, w.Device);
        workers.Write();
        if (s.Shards is { } shards)
        {
            var table = new ListTable(console, "shard", "silo", "state bytes").Numeric(0, 2);
            foreach (var shard in shards) table.Row($"ps{shard.Shard}", shard.Silo, shard.StateBytes.ToString("N0", CultureInfo.InvariantCulture));
            table.Write();
        }
        foreach (var r in s.Recoveries ?? [])
            console.Line(FormattableString.Invariant($"  {r.AtUtc:yyyy-MM-dd HH:mm:ss} UTC: {r.Lost} lost with a silo; back to checkpoint step {r.BackToStep}, training again after {r.Seconds:F1} s"));
        if (s.Timings is { } t)
            console.Line(FormattableString.Invariant($"  per step: {t.StepMs:F1} ms (read {t.ReadMs:F1}, compute {t.ComputeMs:F1}, exchange with the shards {t.ExchangeMs:F1} of which apply {t.ApplyMs:F1}), {t.RoundTripsPerShard:F2} round trips per shard"));
    }
}
