using System.CommandLine;

namespace AdaFtr.Coordinator.Commands.Checkpoints;

/// <summary><c>adaftr checkpoints list [JOB]</c>: the jobs in a store, or one job's checkpoints (those with a manifest) with step, time, size and metrics.</summary>
public static class CheckpointsListCommand
{
    private static readonly Argument<string?> Job = new("job") { Description = "Only this job's checkpoints. Default: every job, newest checkpoint each.", Arity = ArgumentArity.ZeroOrOne };

    public static Command Create(TextWriter output)
    {
        var command = new Command("list", "List jobs, or one job's checkpoints (a folder without manifest.json is not listed: it is not a checkpoint).") { Job };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var catalog = CheckpointsCommand.Catalog(parsed);
            var only = parsed.GetValue(Job);
            var jobs = only is null ? await catalog.JobsAsync(cancellationToken) : [only];
            foreach (var job in jobs)
            {
                var manifests = await catalog.ManifestsAsync(job, cancellationToken);
                if (manifests.Count == 0) continue;
                foreach (var m in only is null ? manifests.Take(1) : manifests)
                {
                    var metrics = string.Join("  ", m.Metrics.Select(kv => $"{kv.Key} {kv.Value:G5}"));
                    output.WriteLine($"{job,-24} step {m.Step,10}  {m.CreatedUtc:yyyy-MM-dd HH:mm:ss}Z  {m.Files.Sum(f => f.Bytes) / 1e6,10:F2} MB  {metrics}");
                }
            }
            if (only is not null && (await catalog.ManifestsAsync(only, cancellationToken)).Count == 0)
                throw new UserError($"job {only} has no checkpoint in {catalog.Store.Describe(only)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
