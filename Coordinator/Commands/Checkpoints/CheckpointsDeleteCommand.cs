using System.CommandLine;
using AdaFtr.Grains.Checkpoints;

namespace AdaFtr.Coordinator.Commands.Checkpoints;

/// <summary><c>adaftr checkpoints delete JOB (--step N | --all)</c>.</summary>
public static class CheckpointsDeleteCommand
{
    private static readonly Option<bool> All = new("--all") { Description = "Delete every checkpoint of the job, and its folder." };

    public static Command Create(TextWriter output)
    {
        var command = new Command("delete", """
            Delete one checkpoint (--step N) or all of a job's (--all).

            Examples:
              adaftr checkpoints delete trial-1 --step 100
              adaftr checkpoints delete trial-1 --all --checkpoint-dir /mnt/ckpt
            """) { CheckpointsCommand.Job, CheckpointsCommand.Step, All };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var catalog = CheckpointsCommand.Catalog(parsed);
            var job = parsed.GetValue(CheckpointsCommand.Job)!;
            var step = parsed.GetValue(CheckpointsCommand.Step);
            bool all = parsed.GetValue(All);
            if (step is null == !all) throw new UserError("delete: pass exactly one of --step N and --all");
            var steps = await catalog.StepFoldersAsync(job, cancellationToken);
            if (step is { } one && !steps.Contains(one)) throw new UserError($"--step {one}: job {job} has no such checkpoint in {catalog.Store.Describe(job)}");
            // A job folder without checkpoints (e.g. data from a run stopped before its first) still goes: nothing else removes it.
            if (all && steps.Count == 0 && !(await catalog.Store.FoldersAsync("", cancellationToken)).Contains(job))
                throw new UserError($"job {job} has no folder in {catalog.Store.Describe("")}");
            var folder = step is { } s ? CheckpointLayout.Folder(job, s) : job;
            await catalog.Store.DeleteFolderAsync(folder, cancellationToken);
            output.WriteLine($"deleted {catalog.Store.Describe(folder)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
