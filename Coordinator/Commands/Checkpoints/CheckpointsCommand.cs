using System.CommandLine;
using AdaFtr.Checkpoints;

namespace AdaFtr.Coordinator.Commands.Checkpoints;

/// <summary><c>adaftr checkpoints list|show|export|delete</c>: the checkpoints in a store, read with the same code the job grain resumes with.</summary>
public static class CheckpointsCommand
{
    public static readonly Option<string> Store = new("--checkpoint-dir", "--checkpoints")
    {
        Description = "Checkpoint store: a folder, az://container/folder (AZURE_STORAGE_CONNECTION_STRING) or https://ACCOUNT.blob.core.windows.net/container/folder (DefaultAzureCredential).",
        DefaultValueFactory = _ => "checkpoints",
        Recursive = true,
    };

    public static readonly Argument<string> Job = new("job") { Description = "The job id." };

    public static readonly Option<long?> Step = new("--step")
    {
        Description = "A checkpoint's step. Default: the newest valid one.",
    };

    public static Command Create(TextWriter output)
    {
        var command = new Command("checkpoints", """
            List, inspect, export and delete checkpoints ({store}/{job}/{step:D10}/ with manifest.json).

            Examples:
              adaftr checkpoints list
              adaftr checkpoints list trial-1 --checkpoint-dir az://ckpt/runs
              adaftr checkpoints show trial-1 --step 400
              adaftr checkpoints export trial-1 --output serving/trial-1
              adaftr checkpoints delete trial-1 --step 100 --yes
            """)
        {
            Store,
        };
        command.Subcommands.Add(CheckpointsListCommand.Create(output));
        command.Subcommands.Add(CheckpointsShowCommand.Create(output));
        command.Subcommands.Add(CheckpointsExportCommand.Create(output));
        command.Subcommands.Add(CheckpointsDeleteCommand.Create(output));
        return command;
    }

    public static CheckpointCatalog Catalog(ParseResult parsed)
    {
        var location = parsed.GetValue(Store)!;
        try { return new CheckpointCatalog(CheckpointStores.Open(location)); }
        catch (ArgumentException e) { throw new UserError($"--checkpoint-dir: {e.Message}"); }
    }

    /// <summary>The checkpoint --step names (verified), or the newest valid one; refusals are printed.</summary>
    public static async Task<VerifiedCheckpoint> Load(ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        var catalog = Catalog(parsed);
        var job = CliJobId.Check(parsed.GetValue(Job), "job");
        if (parsed.GetValue(Step) is { } step)
        {
            try { return await catalog.LoadAsync(job, step, cancellationToken); }
            catch (CheckpointException e) { throw new UserError($"--step {step}: {e.Message}"); }
        }
        return await catalog.NewestValidAsync(job, (s, why) => output.WriteLine($"refused step {s}: {why}"), cancellationToken)
            ?? throw new UserError($"job {job} has no valid checkpoint in {catalog.Store.Describe(job)}; `adaftr checkpoints list` shows the jobs there");
    }
}
