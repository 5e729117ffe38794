using System.CommandLine;
using AdaFtr.Checkpoints;
using AdaFtr.Coordinator.Checkpoints;

namespace AdaFtr.Coordinator.Commands.Checkpoints;

/// <summary><c>adaftr checkpoints delete JOB (--step N | --all)</c>.</summary>
public static class CheckpointsDeleteCommand
{
    private static readonly Option<bool> All = new("--all") { Description = "Delete every checkpoint of the job, and its folder." };
    private static readonly Option<bool> Yes = new("--yes", "-y") { Description = "Delete. Without it, delete only says what it would delete." };
    private static readonly Option<bool> Force = new("--force")
    {
        Description = "Also delete the newest verified checkpoint of a job that is running or paused, or a schedule's champion.",
    };

    public static Command Create(TextWriter output)
    {
        var command = new Command("delete", """
            Delete one checkpoint (--step N) or all of a job's (--all). Asks for --yes; the newest verified checkpoint
            of a running job and a schedule's champion also need --force.

            Examples:
              adaftr checkpoints delete trial-1 --step 100 --yes
              adaftr checkpoints delete trial-1 --all --checkpoint-dir /mnt/ckpt --yes
            """) { CheckpointsCommand.Job, CheckpointsCommand.Step, All, Yes, Force };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var catalog = CheckpointsCommand.Catalog(parsed);
            var job = CliJobId.Check(parsed.GetValue(CheckpointsCommand.Job), "job");
            var step = parsed.GetValue(CheckpointsCommand.Step);
            bool all = parsed.GetValue(All);
            if (step is null == !all) throw new UserError("delete: pass exactly one of --step N and --all");
            var steps = await catalog.StepFoldersAsync(job, cancellationToken);
            if (step is { } one && !steps.Contains(one)) throw new UserError($"--step {one}: job {job} has no such checkpoint in {catalog.Store.Describe(job)}");
            // A job folder without checkpoints (e.g. data from a run stopped before its first) still goes: nothing else removes it.
            if (all && steps.Count == 0 && !(await catalog.Store.FoldersAsync("", cancellationToken)).Contains(job))
                throw new UserError($"job {job} has no folder in {catalog.Store.Describe("")}");
            var folder = step is { } s ? CheckpointLayout.Folder(job, s) : job;
            IReadOnlyCollection<long> doomed = step is { } only ? [only] : steps;
            if (!parsed.GetValue(Force)
                && (await CheckpointDeleteGuard.ProtectedAsync(catalog, job, doomed, cancellationToken)).FirstOrDefault() is { Value: not null } guarded)
                throw new UserError($"not deleting {catalog.Store.Describe(folder)}: step {guarded.Key} is {guarded.Value}; pass --force to delete it anyway");
            if (!parsed.GetValue(Yes))
                throw new UserError($"would delete {catalog.Store.Describe(folder)}" +
                                    (doomed.Count == 0 ? " (no checkpoint in it)" : $": {doomed.Count} checkpoint folder(s), steps {string.Join(", ", doomed.Order())}") +
                                    "; nothing was deleted: pass --yes to delete", ExitCodes.Usage);
            await catalog.Store.DeleteFolderAsync(folder, cancellationToken);
            output.WriteLine($"deleted {catalog.Store.Describe(folder)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
