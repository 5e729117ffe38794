using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdaFtr.Coordinator.Console;

namespace AdaFtr.Coordinator.Commands.Checkpoints;

/// <summary><c>adaftr checkpoints list [JOB]</c>: the jobs in a store, or one job's checkpoints (those with a manifest) with step, time, size and metrics.</summary>
public static class CheckpointsListCommand
{
    private static readonly Argument<string?> Job = new("job") { Description = "Only this job's checkpoints. Default: every job, newest checkpoint each.", Arity = ArgumentArity.ZeroOrOne };

    // A metric can be NaN (an AUC on one class only).
    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private static readonly Option<bool> Json = new("--json") { Description = "Print a JSON array, one object per checkpoint listed: job, step, created_utc, bytes, metrics." };

    public static Command Create(TextWriter output)
    {
        var command = new Command("list", """
            List jobs (newest checkpoint each), or one job's checkpoints, with step, time, size and metrics.

            A folder without manifest.json is not listed: it is not a checkpoint.

            Examples:
              adaftr checkpoints list
              adaftr checkpoints list trial-1 --checkpoint-dir az://ckpt/runs
              adaftr checkpoints list --json
            """) { Job, Json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var catalog = CheckpointsCommand.Catalog(parsed);
            var only = parsed.GetValue(Job) is { } named ? CliJobId.Check(named, "job") : null;
            var jobs = only is null ? await catalog.JobsAsync(cancellationToken) : [only];
            var table = new ListTable(CliConsole.For(output), "job", "step", "created (UTC)", "MB", "metrics").Numeric(1, 3);
            var listed = new List<object>();
            foreach (var job in jobs)
            {
                var manifests = await catalog.ManifestsAsync(job, cancellationToken);
                foreach (var m in only is null ? manifests.Take(1) : manifests)
                {
                    listed.Add(new { job, step = m.Step, created_utc = m.CreatedUtc, bytes = m.Files.Sum(f => f.Bytes), metrics = m.Metrics });
                    table.Row(job, m.Step.ToString(CultureInfo.InvariantCulture), m.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                        (m.Files.Sum(f => f.Bytes) / 1e6).ToString("F2", CultureInfo.InvariantCulture),
                        string.Join("  ", m.Metrics.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:G5}"))));
                }
            }
            if (parsed.GetValue(Json)) output.WriteLine(JsonSerializer.Serialize(listed, JsonOptions));
            else if (table.Rows > 0) table.Write();
            else if (only is null) CliConsole.For(output).Line($"(no checkpoints in {catalog.Store.Describe("")})");
            if (only is not null && (await catalog.ManifestsAsync(only, cancellationToken)).Count == 0)
                throw new UserError($"job {only} has no checkpoint in {catalog.Store.Describe(only)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
