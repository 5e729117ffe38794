using System.CommandLine;
using System.Globalization;
using AdaFtr.Coordinator.Console;

namespace AdaFtr.Coordinator.Commands.Checkpoints;

/// <summary><c>adaftr checkpoints list [JOB]</c>: the jobs in a store, or one job's checkpoints (those with a manifest) with step, time, size and metrics.</summary>
public static class CheckpointsListCommand
{
    private static readonly Argument<string?> Job = new("job") { Description = "Only this job's checkpoints. Default: every job, newest checkpoint each.", Arity = ArgumentArity.ZeroOrOne };

    public static Command Create(TextWriter output)
    {
        var command = new Command("list", """
            List jobs (newest checkpoint each), or one job's checkpoints, with step, time, size and metrics.

            A folder without manifest.json is not listed: it is not a checkpoint.

            Examples:
              adaftr checkpoints list
              adaftr checkpoints list trial-1 --checkpoint-dir az://ckpt/runs
            """) { Job };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var catalog = CheckpointsCommand.Catalog(parsed);
            var only = parsed.GetValue(Job) is { } named ? CliJobId.Check(named, "job") : null;
            var jobs = only is null ? await catalog.JobsAsync(cancellationToken) : [only];
            var table = new ListTable(CliConsole.For(output), "job", "step", "created (UTC)", "MB", "metrics").Numeric(1, 3);
            foreach (var job in jobs)
            {
                var manifests = await catalog.ManifestsAsync(job, cancellationToken);
                foreach (var m in only is null ? manifests.Take(1) : manifests)
                    table.Row(job, m.Step.ToString(CultureInfo.InvariantCulture), m.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                        (m.Files.Sum(f => f.Bytes) / 1e6).ToString("F2", CultureInfo.InvariantCulture),
                        string.Join("  ", m.Metrics.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:G5}"))));
            }
            if (table.Rows > 0) table.Write();
            else if (only is null) CliConsole.For(output).Line($"(no checkpoints in {catalog.Store.Describe("")})");
            if (only is not null && (await catalog.ManifestsAsync(only, cancellationToken)).Count == 0)
                throw new UserError($"job {only} has no checkpoint in {catalog.Store.Describe(only)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
