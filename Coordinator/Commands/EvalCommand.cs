using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdaFtr.Checkpoints;
using AdaFtr.Coordinator.Checkpoints;
using AdaFtr.Coordinator.Commands.Checkpoints;
using AdaFtr.Coordinator.Commands.Data;
using AdaFtr.Coordinator.Training;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Coordinator.Commands;

/// <summary><c>adaftr eval CHECKPOINT_OR_JOB --data DATA</c>: AUC, GAUC and log loss per task of a saved checkpoint on a data file or shard set, in this process.</summary>
public static class EvalCommand
{
    private static readonly Argument<string> Target = new("checkpoint-or-job")
    {
        Description = "A job id in --checkpoints (its newest valid checkpoint, or --step N), or a checkpoint folder {store}/{job}/{step:D10}.",
    };
    private static readonly Option<string> Data = new("--data")
    {
        Description = "The rows to evaluate on: a data file (Ali-CCP or AliExpress CSV, raw Ali-CCP; detected as `adaftr data inspect` does) "
                      + "or a shard set (a folder with manifest.json, or az://container/folder).",
        Required = true,
        HelpName = "DATA",
    };
    private static readonly Option<int> BatchRows = new("--batch-rows")
    {
        Description = "Rows per evaluation batch. Default: the job's own (EvalBatchRows).",
        Validators = { r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--batch-rows: must be positive (leave it out for the job's own)"); } },
    };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON, for scripts." };

    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static Command Create(TextWriter output)
    {
        var command = new Command("eval", """
            Evaluate a saved checkpoint on a data file or shard set: AUC, GAUC (per user) and log loss per task, and the rows counted.
            The checkpoint is verified (sizes, SHA-256) and its model rebuilt from its own config; progress goes to standard error.

            Examples:
              adaftr eval trial-1 --data data/test-shards
              adaftr eval trial-1 --data data/ali-ccp/ali_ccp_val_sample.csv
              adaftr eval trial-1 --step 400 --checkpoints az://ckpt/runs --data az://data/test --json
              adaftr eval checkpoints/trial-1/0000000400 --data data/test-shards
            """)
        {
            Target, Data, CheckpointsCommand.Store, CheckpointsCommand.Step, BatchRows, Json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var checkpoint = await Load(parsed, cancellationToken);
            var dataName = parsed.GetValue(Data)!;
            if (SyntheticPreset.IsNamedBy(dataName)) dataName = SyntheticPreset.Ensure("--data", dataName, parsed.InvocationConfiguration.Error).Test;
            var scratch = Path.Combine(Path.GetTempPath(), "adaftr", $"eval-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using var removeScratch = new TemporaryFolder(scratch);
            var data = OpenData(dataName, scratch);
            int batchRows = parsed.GetValue(BatchRows) is > 0 and var rows ? rows : checkpoint.Spec.EvalBatchRows;
            var (metrics, elapsed) = await Task.Run(() => RowProgress.Run(
                $"evaluating {checkpoint.Manifest.Job} step {checkpoint.Manifest.Step} on {dataName}", parsed.InvocationConfiguration.Error, data.Manifest.Rows,
                progress => (CheckpointEvaluation.Run(checkpoint, data, dataName, batchRows, progress), progress.Elapsed)), cancellationToken);
            if (parsed.GetValue(Json))
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    job = checkpoint.Manifest.Job,
                    step = checkpoint.Manifest.Step,
                    data = dataName,
                    metrics = metrics.Select(m => new { task = m.Task, auc = m.Auc, gauc = m.Gauc, logloss = m.LogLoss, rows = m.Rows }),
                }, JsonOptions));
            else
            {
                output.WriteLine($"job {checkpoint.Manifest.Job} step {checkpoint.Manifest.Step} on {dataName} ({elapsed.TotalSeconds:F1} s):");
                output.WriteLine($"  {"task",-6} {"AUC",10} {"GAUC",10} {"logloss",10} {"rows",10}");
                foreach (var m in metrics)
                    output.WriteLine($"  {m.Task,-6} {Figure(m.Auc),10} {Figure(m.Gauc),10} {Figure(m.LogLoss),10} {m.Rows,10}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Figure(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>The checkpoint a folder path names, or the job's (--step N, else newest valid) in --checkpoints.</summary>
    private static async Task<VerifiedCheckpoint> Load(ParseResult parsed, CancellationToken cancellationToken)
    {
        var target = parsed.GetValue(Target)!;
        var step = parsed.GetValue(CheckpointsCommand.Step);
        CheckpointCatalog catalog;
        string job;
        if (Directory.Exists(target) && CheckpointLayout.StepOf(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(target)))) is { } folderStep)
        {
            var folder = new DirectoryInfo(Path.GetFullPath(target));
            if (step is { } given && given != folderStep) throw new UserError($"--step {given}: {target} is the checkpoint of step {folderStep}; pass one or the other");
            step = folderStep;
            job = folder.Parent!.Name;
            catalog = new CheckpointCatalog(CheckpointStores.Open(folder.Parent.Parent!.FullName));
        }
        else
        {
            job = CliJobId.Check(target, "checkpoint-or-job (not a checkpoint folder, so a job id)");
            catalog = CheckpointsCommand.Catalog(parsed);
        }
        if (step is { } one)
        {
            try { return await catalog.LoadAsync(job, one, cancellationToken); }
            catch (CheckpointException e) { throw new UserError($"no usable checkpoint of job {job} at step {one}: {e.Message}; `adaftr checkpoints list {job}` shows its checkpoints"); }
        }
        var refused = new List<string>();
        return await catalog.NewestValidAsync(job, (s, why) => refused.Add($"step {s}: {why}"), cancellationToken)
            ?? throw new UserError($"job {job} has no valid checkpoint in {catalog.Store.Describe(job)}" +
                                   (refused.Count > 0 ? $" (refused: {string.Join("; ", refused)})" : "") +
                                   "; pass the store with --checkpoints, or a checkpoint folder; `adaftr checkpoints list` shows the jobs there");
    }

    /// <summary>A shard set as it is; a data file as a one-shard set in <paramref name="scratch"/>, which the caller deletes.</summary>
    private static ShardSet OpenData(string location, string scratch)
    {
        var (folder, _) = TrainingInput.Resolve("--data", location).AsShardSet(scratch, shards: 1);
        try
        {
            return ShardSet.Open(ShardStores.Open(folder));
        }
        catch (Exception e) when (e is ArgumentException or ShardCorruptException or IOException)
        {
            throw new UserError($"--data {location}: {e.Message}");
        }
    }
}
