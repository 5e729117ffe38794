using System.CommandLine;
using System.Diagnostics;
using AdaFtr.Checkpoints;
using AdaFtr.Coordinator.Training;
using AdaFtr.Grains;
using AdaFtr.Model.Configuration;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// <c>adaftr bench checkpoint</c>: on an embedded silo, trains AdaFTR-MMoE (default config) on
/// aliccp-like rows twice, without and with checkpoints every N steps, and reports the training
/// stall per checkpoint (the copy of the PS state to host memory) over the step time, the step rate
/// lost to background uploads, and the store's upload speed for the checkpoint's own files.
/// </summary>
public static class BenchCheckpointCommand
{
    private static readonly Option<string?> Store = new("--checkpoint-dir", "--checkpoints")
    {
        Description = "Store to checkpoint to: a folder, az://container/folder (AZURE_STORAGE_CONNECTION_STRING, e.g. Azurite) or https://… Default: a temporary folder. The bench's jobs are deleted afterwards.",
    };
    private static readonly Option<long> Rows = new("--rows")
    {
        Description = "Synthetic rows; the embedding table (and so the checkpoint) grows with the ids they use.",
        DefaultValueFactory = _ => 50_000,
    };
    private static readonly Option<long> Steps = new("--steps") { Description = "Steps per run.", DefaultValueFactory = _ => 30 };
    private static readonly Option<long> Every = new("--every") { Description = "Checkpoint every N steps in the second run.", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> ParameterShards = new("--ps-shards") { Description = "Parameter-server shards (one file each).", DefaultValueFactory = _ => 2 };
    private static readonly Option<bool> Json = new("--json") { Description = "Print {\"bench\": \"checkpoint\", \"figures\": {...}}." };
    private static readonly Option<int> Repeat = BenchRuns.RepeatOption();

    public static Command Create(TextWriter output)
    {
        var command = new Command("checkpoint", """
            Measure the training stall per checkpoint (goal: at most a quarter of a step time) and the checkpoint upload speed.

            Examples:
              adaftr bench checkpoint --json
              adaftr bench checkpoint --repeat 3 --json
              AZURE_STORAGE_CONNECTION_STRING=... adaftr bench checkpoint --checkpoint-dir az://bench/ckpt --json
            """)
        { Store, Rows, Steps, Every, ParameterShards, Json, Repeat };
        foreach (var option in new[] { Rows, Steps, Every })
            option.Validators.Add(r => { if (r.GetValueOrDefault<long>() < 1) r.AddError($"{r.Option.Name} must be 1 or more"); });
        command.SetAction((parsed, cancellationToken) => BenchRuns.RunAsync(parsed.GetValue(Repeat), parsed.GetValue(Json), output,
            () => Measure(parsed, cancellationToken), cancellationToken));
        return command;
    }

    private static async Task<BenchReport> Measure(ParseResult parsed, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("adaftr-bench-checkpoint-").FullName;
        var location = parsed.GetValue(Store) ?? Path.Combine(scratch, "checkpoints");
        var run = Guid.NewGuid().ToString("N")[..8];
        ICheckpointStore store;
        try { store = CheckpointStores.Open(location); }
        catch (ArgumentException e) { throw new UserError($"--checkpoint-dir: {e.Message}"); }
        try
        {
            var shards = Path.Combine(scratch, "shards");
            var manifest = ShardSetWriter.Write(new AliCcpLikeGenerator(new SyntheticOptions(parsed.GetValue(Rows))), new LocalDirectoryStore(shards), new ShardWriteOptions(Shards: 1));
            var config = new ModelConfig { Schema = manifest.Schema.ToFeatureSchema(manifest.VocabularySizes) };
            var plain = new JobSpec
            {
                JobId = $"bench-plain-{run}",
                ModelConfigJson = ModelConfigJson.Serialize(config),
                ShardDirectory = shards,
                ParameterShards = parsed.GetValue(ParameterShards),
                Steps = parsed.GetValue(Steps),
                BatchPerWorker = config.Training.BatchSize,
            };
            var checkpointed = plain with { JobId = $"bench-checkpoint-{run}", CheckpointStore = location, CheckpointEverySteps = parsed.GetValue(Every), CheckpointKeepLast = 100 };

            await using var silo = await EmbeddedSilo.StartAsync("cpu", cancellationToken);
            var without = await new JobProgress(TextWriter.Null, int.MaxValue).RunAsync(silo.Grains, plain, cancellationToken);
            var with = await new JobProgress(TextWriter.Null, int.MaxValue).RunAsync(silo.Grains, checkpointed, cancellationToken);
            if (without.State != JobState.Completed || with.State != JobState.Completed)
                throw new UserError($"a bench job did not complete: {without.Message ?? with.Message}", ExitCodes.JobFailed);

            var catalog = new CheckpointCatalog(store);
            var newest = await catalog.LoadAsync(checkpointed.JobId, with.LastCheckpoint, cancellationToken);
            double uploadSeconds = await TimeUpload(store, $"bench-upload-{run}", newest, cancellationToken);
            double megabytes = newest.Manifest.Files.Sum(f => f.Bytes) / 1048576.0;
            double stepSeconds = 1 / without.StepsPerSecond;
            return new BenchReport("checkpoint", new Dictionary<string, double>
            {
                ["checkpoint_mb"] = megabytes,
                ["checkpoints"] = (await catalog.ManifestsAsync(checkpointed.JobId, cancellationToken)).Count,
                ["upload_mb_per_s"] = megabytes / uploadSeconds,
                ["stall_s"] = with.CheckpointStallSeconds,
                ["step_time_s"] = stepSeconds,
                ["stall_over_step_time"] = with.CheckpointStallSeconds / stepSeconds,
                ["steps_per_s_without_checkpoints"] = without.StepsPerSecond,
                ["steps_per_s_with_checkpoints"] = with.StepsPerSecond,
                ["stall_goal_over_step_time"] = 0.25,
            });
        }
        finally
        {
            foreach (var job in new[] { $"bench-checkpoint-{run}", $"bench-upload-{run}" })
                await store.DeleteFolderAsync(job, CancellationToken.None);
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// Seconds to write a checkpoint's files again, one after another, streamed through the same store code the parameter
    /// servers use; each is read back from the store as it is written (no file is held whole), so the figure includes that read.
    /// </summary>
    private static async Task<double> TimeUpload(ICheckpointStore store, string job, VerifiedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        foreach (var file in checkpoint.Manifest.Files)
        {
            await using var source = await store.OpenReadAsync(checkpoint.PathOf(file.Name), cancellationToken)
                ?? throw new UserError($"{store.Describe(checkpoint.PathOf(file.Name))}: vanished while the bench ran");
            await store.WriteAsync(CheckpointLayout.Path(job, checkpoint.Manifest.Step, file.Name), (target, token) => source.CopyToAsync(target, token), cancellationToken);
        }
        return clock.Elapsed.TotalSeconds;
    }
}
