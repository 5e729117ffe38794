using System.CommandLine;
using AdaFtr.Coordinator.Checkpoints;
using AdaFtr.Coordinator.Training;
using AdaFtr.Grains;
using AdaFtr.Checkpoints;
using JobSpecException = AdaFtr.Grains.Jobs.JobSpecException;
using JobSpecValidator = AdaFtr.Grains.Jobs.JobSpecValidator;
using FaultInjection = AdaFtr.Grains.Jobs.FaultInjection;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Features;
using AdaFtr.Model.Training;
using AdaFtr.Shards.Readers;
using TorchSharp;

namespace AdaFtr.Coordinator.Commands;

/// <summary><c>adaftr train</c>: trains AdaFTR (MMoE backbone by default) CTR/CVR, checkpointing to a folder or blob storage; <c>--resume JOB</c> continues a job from its newest valid checkpoint.</summary>
public static class TrainCommand
{
    private static string Bundled(string file) => Path.Combine(AppContext.BaseDirectory, "data", "ali-ccp", file);

    private static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "Model config JSON (e.g. examples/adaftr-mmoe-aliccp.json). Default: AdaFTR-MMoE with the paper's settings and the data's own schema. "
                      + "--batch-size, --learning-rate and --seed override it when given.",
    };
    private static readonly Option<string> Data = new("--data")
    {
        Description = "Training rows: a data file (Ali-CCP or AliExpress CSV, raw Ali-CCP; detected as `adaftr data inspect` does) or a shard set "
                      + "(a folder with manifest.json, or az://container/folder, e.g. from `adaftr data synth`). Default: the bundled 100-row Ali-CCP sample. "
                      + $"{SyntheticPreset.Name}: 300,000 synthetic Ali-CCP-like rows with known true probabilities, generated on first use into ~/.cache/adaftr (its last 50,000 rows are the default --eval-data).",
        DefaultValueFactory = _ => Bundled("ali_ccp_train_sample.csv"),
    };
    private static readonly Option<string> EvalData = new("--eval-data")
    {
        Description = "Evaluation rows, a data file or shard set with the training data's columns. Default: the bundled validation sample.",
        DefaultValueFactory = _ => Bundled("ali_ccp_val_sample.csv"),
    };
    private static readonly Option<int> Steps = new("--steps")
    {
        Description = "Optimizer steps to run.",
        DefaultValueFactory = _ => 300,
    };
    private static readonly Option<int> BatchSize = new("--batch-size")
    {
        Description = "Rows per step.",
        DefaultValueFactory = _ => 32,
    };
    private static readonly Option<double> LearningRate = new("--learning-rate", "--lr")
    {
        Description = "Adam learning rate.",
        DefaultValueFactory = _ => 1e-3,
    };
    private static readonly Option<long> Seed = new("--seed")
    {
        Description = "Seed for initialisation and shuffling; the same seed gives the same run on CPU.",
        DefaultValueFactory = _ => 42,
    };
    private static readonly Option<string> CheckpointDir = new("--checkpoint-dir", "--checkpoints")
    {
        Description = "Checkpoint store, {store}/{job}/{step:D10}/: a folder (the silos must see the same one), az://container/folder "
                      + "(account from AZURE_STORAGE_CONNECTION_STRING) or https://ACCOUNT.blob.core.windows.net/container/folder (DefaultAzureCredential).",
        DefaultValueFactory = _ => "checkpoints",
    };
    private static readonly Option<long> CheckpointEvery = new("--checkpoint-every")
    {
        Description = "Checkpoint every N steps (0: only by time and at the end). The job always checkpoints when it finishes.",
        DefaultValueFactory = _ => 100,
        Validators = { r => { if (r.GetValueOrDefault<long>() < 0) r.AddError("--checkpoint-every: must be 0 or more"); } },
    };
    private static readonly Option<double> CheckpointMinutes = new("--checkpoint-minutes")
    {
        Description = "Also checkpoint at the first step boundary M minutes after the last checkpoint (0: off).",
        DefaultValueFactory = _ => 0,
        Validators = { r => { if (!(r.GetValueOrDefault<double>() >= 0)) r.AddError("--checkpoint-minutes: must be 0 or more"); } },
    };
    private static readonly Option<int> KeepLast = new("--keep-last")
    {
        Description = "Retention: keep the newest N checkpoints, plus the best by --best-metric.",
        DefaultValueFactory = _ => 3,
        Validators = { r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--keep-last: must be at least 1"); } },
    };
    private static readonly Option<string> BestMetric = new("--best-metric")
    {
        Description = "The manifest metric that picks the best checkpoint to keep: train_loss, or, from the evaluation at a checkpoint's step, "
                      + "ctr_auc, ctr_gauc, ctr_logloss, cvr_auc, ... (lower wins; names ending in 'auc': higher wins).",
        DefaultValueFactory = _ => "train_loss",
    };
    private static readonly Option<string?> Resume = new("--resume")
    {
        Description = "Continue job JOB from its newest valid checkpoint in --checkpoint-dir (checksums verified; a corrupt one is refused and the one before used). "
                      + "Its own spec is used; --steps, when given, sets the new total.",
        HelpName = "JOB",
    };
    private static readonly Option<string> Job = new("--job")
    {
        Description = "Job id; names the checkpoint folder. Default: train-<UTC time>, new for every run.",
        DefaultValueFactory = _ => $"train-{DateTime.UtcNow:yyyyMMdd-HHmmss}",
    };
    private static readonly Option<int> LogEvery = new("--log-every")
    {
        Description = "Print the running loss every N steps.",
        DefaultValueFactory = _ => 50,
    };
    private static readonly Option<long> EvalEvery = new("--eval-every")
    {
        Description = "Evaluate on --eval-data every N steps while training (the workers evaluate in parallel); it is always evaluated after the last step.",
        DefaultValueFactory = _ => 0,
    };
    private static readonly Option<int> Workers = new("--workers", "-k")
    {
        Description = "Logical workers K: each step splits the batch into K parts computed in parallel, gradients averaged (the same result as one process).",
        DefaultValueFactory = _ => 1,
    };
    private static readonly Option<int> ParameterShards = new("--ps-shards")
    {
        Description = "Parameter-server shards: dense parameters split by size, embedding rows by range.",
        DefaultValueFactory = _ => 1,
    };
    private static readonly Option<string?> Cluster = new("--cluster")
    {
        Description = $"Submit to a running cluster, {ClusterAddress.Help} (see `adaftr cluster up`). Default: an embedded one-silo cluster in this process.",
    };
    private static readonly Option<string> ClusterId = new("--cluster-id")
    {
        Description = "The cluster id of --cluster.",
        DefaultValueFactory = _ => "adaftr",
    };
    private static readonly Option<bool> CancelOnExit = new("--cancel-on-exit")
    {
        Description = "With --cluster: Ctrl-C cancels the job (after it checkpoints) instead of leaving it running on the cluster.",
    };

    private static readonly Option<bool> Follow = new("--follow")
    {
        Description = "With --cluster: keep watching when the job is paused (`adaftr jobs pause`) until it is resumed and ends, instead of exiting 4.",
    };

    public static Command Create(TextWriter output)
    {
        var command = new Command("train", """
            Train an AdaFTR CTR/CVR model, print loss and AUC, and write a checkpoint.

            The backbone is MMoE unless --config says otherwise. Without --cluster the job runs on a
            silo embedded in this process; with it, on a running cluster.

            Examples:
              adaftr train
              adaftr train --data synth:aliccp-like --batch-size 1024 --steps 300   AUC against the oracle on a synthetic set, about a minute
              adaftr train --steps 1000 --batch-size 64 --checkpoint-dir /tmp/ckpt --job trial-1
              adaftr train --data my_train.csv --eval-data my_val.csv
              adaftr train --config examples/adaftr-mmoe-aliccp.json --batch-size 32
              adaftr train --workers 2 --ps-shards 2                      two workers, two parameter shards, in this process
              adaftr train --workers 4 --cluster redis://127.0.0.1:6379   on a cluster started by `adaftr cluster up`
              ADAFTR_AZURE_STORAGE_FILE=/run/secrets/storage adaftr train --workers 4 --cluster azure   on a cluster in Azure tables
              adaftr train --job trial-1 --checkpoint-every 50 --checkpoint-dir az://ckpt/runs
              adaftr train --resume trial-1 --steps 2000                  continue trial-1 (newest valid checkpoint) up to step 2000
            """)
        {
            Config, Data, EvalData, Steps, BatchSize, LearningRate, Seed, CheckpointDir, Job, LogEvery, Workers, ParameterShards, Cluster, ClusterId,
            CheckpointEvery, CheckpointMinutes, KeepLast, BestMetric, Resume, EvalEvery, CancelOnExit, Follow,
        };
        EvalEvery.Validators.Add(r => { if (r.GetValueOrDefault<long>() < 0) r.AddError("--eval-every must be 0 or more"); });
        command.SetAction((parsed, cancellationToken) => Run(parsed, output, cancellationToken));
        return command;
    }

    private static async Task<int> Run(ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        var options = TrainRunOptions.From(parsed.GetValue(Data)!, parsed.GetValue(EvalData)!, parsed.GetValue(Steps),
            parsed.GetValue(BatchSize), parsed.GetValue(LearningRate), parsed.GetValue(Seed), parsed.GetValue(CheckpointDir)!,
            parsed.GetValue(Job)!, parsed.GetValue(LogEvery), parsed.GetValue(Workers), parsed.GetValue(ParameterShards),
            parsed.GetValue(Cluster), parsed.GetValue(ClusterId)!);
        if (parsed.GetValue(Follow) && options.Cluster is null)
            throw new UserError("--follow applies to a job on a cluster (--cluster): only there can `adaftr jobs pause` reach it", ExitCodes.Usage);
        var resume = parsed.GetValue(Resume) is { } named ? CliJobId.Check(named, "--resume") : null;
        if (resume is not null) options = options with { Job = resume };
        var location = options.CheckpointDir;
        if (!CheckpointStores.IsBlob(location)) location = CheckpointFolderProbe.EnsureWritable(location, "--checkpoint-dir");
        var catalog = new CheckpointCatalog(Open(location));
        if (resume is null) await EnsureFree(options, location, catalog, cancellationToken);
        // A new job's folder is this run's alone (it was free): a start that fails removes it, leaving the job id free.
        var written = resume is null ? new NewJobFolder(catalog.Store, options.Job) : null;
        bool stopsJob = options.Cluster is null || parsed.GetValue(CancelOnExit);
        var on = ClusterFlags(options);
        var progress = new JobProgress(output, options.LogEvery, cancelOnStop: stopsJob,
            whilePaused: parsed.GetValue(Follow) ? $"waiting for `adaftr jobs resume {options.Job}{on}` (or `adaftr jobs cancel {options.Job}{on}`)" : null);
        JobSpec spec;
        JobStatus status;
        TrainingCluster? cluster = null;
        try
        {
            // A remote cluster first: an unreachable one fails before any data is written (the embedded one is started once the job is ready).
            if (options.Cluster is not null) cluster = await TrainingCluster.OpenAsync(options.Cluster, options.ClusterId, cancellationToken);
            ModelConfig config;
            (spec, config) = resume is null
                ? NewJob(parsed, options, location)
                : await ResumedJob(parsed, options, resume, location, catalog, output, cancellationToken);
            var schema = config.Schema;
            output.WriteLine($"adaftr train: job {spec.JobId}, AdaFTR-{config.Backbone.Kind} on {spec.ShardDirectory}, {schema.SparseFields.Count} sparse + {schema.DenseFields.Count} dense fields, " +
                             $"{spec.Steps} steps of {config.Training.BatchSize} over {spec.Workers} worker(s) and {spec.ParameterShards} parameter shard(s), " +
                             $"lr {config.Optimizer.LearningRate}, seed {config.Training.Seed}, {torch.get_num_threads()} threads");
            cluster ??= await TrainingCluster.OpenAsync(null, options.ClusterId, cancellationToken);
            output.WriteLine($"  {cluster.Description}");
            status = await progress.RunAsync(cluster.Grains, spec, cancellationToken);
        }
        catch (OperationCanceledException) when (progress.Started && cancellationToken.IsCancellationRequested && !stopsJob)
        {
            await cluster!.DisposeAsync();
            output.WriteLine($"detached: job {options.Job} goes on on the cluster; follow it with `adaftr jobs status {options.Job}{on}`, " +
                             $"cancel it with `adaftr jobs cancel {options.Job}{on}`");
            return ExitCodes.Cancelled;
        }
        catch
        {
            if (cluster is not null) await cluster.DisposeAsync();
            if (!progress.Started && written is not null) await written.RemoveAsync();
            throw;
        }
        await using var _ = cluster!;
        if (status.State == JobState.Cancelled && cancellationToken.IsCancellationRequested)
        {
            output.WriteLine(status.LastCheckpoint > 0
                ? $"stopped after step {status.StepsApplied}; checkpoint: {catalog.Store.Describe(CheckpointLayout.Folder(spec.JobId, status.LastCheckpoint))}; " +
                  $"continue with `adaftr train --resume {spec.JobId} --checkpoint-dir {location}{ClusterFlags(options)}`"
                : $"stopped after step {status.StepsApplied}; no checkpoint was saved, so there is nothing to resume");
            return ExitCodes.Cancelled;
        }
        if (status.State != JobState.Completed)
            throw new UserError($"job {spec.JobId} {status.State.ToString().ToLowerInvariant()} after step {status.StepsApplied}: {status.Message}" + NextStep(status, options, location), ExitCodes.JobFailed);

        var final = status.Evaluations.Where(e => e.Step == status.StepsApplied).ToList();
        output.WriteLine($"evaluation after step {status.StepsApplied} on {final.FirstOrDefault()?.Rows ?? 0} rows ({spec.EvalShardDirectory}):");
        var oracle = spec.EvalShardDirectory is { } evalSet ? EvaluationOracle.Of(evalSet) : null;
        foreach (var (m, t) in final.Select((m, t) => (m, t)))
            output.WriteLine($"  {m.Task,-4} AUC {JobProgress.Figure(m.Auc)}" + (oracle is null ? "" : $" (oracle {JobProgress.Figure(oracle[t])})") +
                             $"  GAUC {JobProgress.Figure(m.Gauc)}  logloss {m.LogLoss:F4}");
        if (oracle is not null)
            output.WriteLine("  oracle: the AUC of the probabilities that generated these rows, the best any model can expect on them");

        output.WriteLine($"loss {progress.FirstWindowLoss:F4} -> {progress.LastWindowLoss:F4} in {progress.Elapsed.TotalSeconds:F1} s; " +
                         $"checkpoint: {catalog.Store.Describe(CheckpointLayout.Folder(spec.JobId, status.LastCheckpoint))}" +
                         (status.CheckpointsGivenUp > 0 ? $" ({status.CheckpointsGivenUp} checkpoint(s) given up after storage errors; see the silo log)" : ""));
        output.WriteLine($"  export it for serving: adaftr checkpoints export {spec.JobId} --checkpoint-dir {location} --output DIR");
        output.WriteLine($"  its curves and summary: adaftr report {spec.JobId} --checkpoint-dir {location}");
        return ExitCodes.Ok;
    }

    /// <summary>" --cluster redis://... --cluster-id ID" for the commands the run suggests, or nothing without a cluster.</summary>
    private static string ClusterFlags(TrainRunOptions options) =>
        options.Cluster is null ? "" : $" --cluster {RedisClusterAddress.Redacted(options.Cluster)} --cluster-id {options.ClusterId}";

    /// <summary>How to go on from a job that stopped short: resume it where it paused (it waits on the cluster), or train again from its checkpoint.</summary>
    private static string NextStep(JobStatus status, TrainRunOptions options, string location)
    {
        var on = ClusterFlags(options);
        if (status.State == JobState.Paused && options.Cluster is not null)
            return $"; it waits on the cluster: resume it with `adaftr jobs resume {status.JobId}{on}`, or cancel it with `adaftr jobs cancel {status.JobId}{on}` " +
                   "(with --follow, train keeps watching through a pause)";
        return status.LastCheckpoint > 0
            ? $"; continue from its checkpoint at step {status.LastCheckpoint} with `adaftr train --resume {status.JobId} --checkpoint-dir {location}{on}`"
            : "";
    }

    private static ICheckpointStore Open(string location)
    {
        try { return CheckpointStores.Open(location); }
        catch (ArgumentException e) { throw new UserError($"--checkpoint-dir: {e.Message}"); }
    }

    /// <summary>A new job's folder must not exist: what is there is never overwritten (nor removed when the start fails).</summary>
    private static async Task EnsureFree(TrainRunOptions options, string location, CheckpointCatalog catalog, CancellationToken cancellationToken)
    {
        if ((await catalog.StepFoldersAsync(options.Job, cancellationToken)).Count > 0 || !CheckpointStores.IsBlob(location) && Directory.Exists(Path.Combine(location, options.Job)))
            throw new UserError($"--job: {catalog.Store.Describe(options.Job)} already exists and is never overwritten; continue it with --resume {options.Job}, pass a new --job, or delete it (`adaftr checkpoints delete {options.Job} --all --yes`)");
    }

    /// <summary>A new job: the training file as K shards beside its checkpoints, and a spec that checkpoints to <paramref name="location"/>.</summary>
    private static (JobSpec, ModelConfig) NewJob(ParseResult parsed, TrainRunOptions options, string location)
    {
        var (trainLocation, evalLocation) = (options.Data, options.EvalData);
        var progress = parsed.InvocationConfiguration.Error;
        if (SyntheticPreset.IsNamedBy(trainLocation))
        {
            var (trainSplit, testSplit) = SyntheticPreset.Ensure("--data", trainLocation, progress);
            trainLocation = trainSplit;
            if (parsed.GetResult(EvalData) is not { Implicit: false }) evalLocation = testSplit;   // the preset's own held-out rows, not the bundled sample
        }
        if (SyntheticPreset.IsNamedBy(evalLocation)) evalLocation = SyntheticPreset.Ensure("--eval-data", evalLocation, progress).Test;
        var train = TrainingInput.Resolve("--data", trainLocation);
        var eval = TrainingInput.Resolve("--eval-data", evalLocation);
        // The job's data: each file as K shards (one per worker) beside its checkpoints (a local folder for https:// stores,
        // which need a credential the shard readers do not take); a shard set is read where it is.
        var jobData = location.StartsWith(CheckpointStores.BlobScheme, StringComparison.OrdinalIgnoreCase) || !CheckpointStores.IsBlob(location)
            ? $"{location.TrimEnd('/')}/{options.Job}"
            : NewJobFolder.TemporaryData(options.Job);
        var (shardFolder, trainSet) = train.AsShardSet($"{jobData}/data", options.Workers);
        var (evalFolder, evalSet) = eval.AsShardSet($"{jobData}/eval", options.Workers);
        if (trainSet.Schema.SparseFields.Count != evalSet.Schema.SparseFields.Count || trainSet.Schema.DenseFields.Count != evalSet.Schema.DenseFields.Count
            || !trainSet.Schema.Tasks.SequenceEqual(evalSet.Schema.Tasks))
            throw new UserError($"--eval-data {eval.Location}: {evalSet.Schema.SparseFields.Count} sparse / {evalSet.Schema.DenseFields.Count} dense fields and tasks [{string.Join(", ", evalSet.Schema.Tasks)}], " +
                                $"but the training data has {trainSet.Schema.SparseFields.Count} / {trainSet.Schema.DenseFields.Count} and [{string.Join(", ", trainSet.Schema.Tasks)}]; pass --eval-data with the training data's columns");
        var vocabulary = trainSet.VocabularySizes.Zip(evalSet.VocabularySizes, Math.Max).ToArray();
        var config = ModelFor(parsed, options, trainSet.Schema.ToFeatureSchema(vocabulary), vocabulary);
        config = config with { Training = config.Training with { MicroBatches = options.Workers } };

        var spec = new JobSpec
        {
            JobId = options.Job,
            ModelConfigJson = ModelConfigJson.Serialize(config),
            ShardDirectory = shardFolder,
            Workers = options.Workers,
            ParameterShards = options.ParameterShards,
            Steps = options.Steps,
            BatchPerWorker = config.Training.BatchSize / options.Workers,
            CheckpointStore = location,
            CheckpointEverySteps = parsed.GetValue(CheckpointEvery),
            CheckpointInterval = TimeSpan.FromMinutes(parsed.GetValue(CheckpointMinutes)),
            CheckpointKeepLast = parsed.GetValue(KeepLast),
            CheckpointBestMetric = parsed.GetValue(BestMetric)!,
            EvalShardDirectory = evalFolder,
            EvalEverySteps = parsed.GetValue(EvalEvery),
        };
        try
        {
            JobSpecValidator.Validate(spec, FaultInjection.Refused);   // here, before a cluster is started, with the flags' names (the CLI sets no faults)
        }
        catch (JobSpecException e)
        {
            throw new UserError(string.Join(Environment.NewLine, e.Errors.Select(FlagOf)));
        }
        return (spec, config);
    }

    private static readonly Dictionary<string, string> FlagOfField = new()
    {
        [nameof(JobSpec.JobId)] = "--job", [nameof(JobSpec.Steps)] = "--steps", [nameof(JobSpec.BatchPerWorker)] = "--batch-size",
        [nameof(JobSpec.Workers)] = "--workers", [nameof(JobSpec.ParameterShards)] = "--ps-shards", [nameof(JobSpec.ShardDirectory)] = "--data",
        [nameof(JobSpec.EvalShardDirectory)] = "--eval-data", [nameof(JobSpec.EvalEverySteps)] = "--eval-every", [nameof(JobSpec.ModelConfigJson)] = "--config",
        [nameof(JobSpec.CheckpointEverySteps)] = "--checkpoint-every", [nameof(JobSpec.CheckpointKeepLast)] = "--keep-last",
        [nameof(JobSpec.CheckpointBestMetric)] = "--best-metric",
    };

    /// <summary>A spec problem, "Field: why", led by the flag that sets the field: "--batch-size (BatchPerWorker): why".</summary>
    private static string FlagOf(string problem)
    {
        int colon = problem.IndexOf(':');
        return colon > 0 && FlagOfField.TryGetValue(problem[..colon], out var flag) ? $"{flag} ({problem[..colon]}){problem[colon..]}" : problem;
    }

    /// <summary>The spec saved with the job's newest valid checkpoint; --steps (when given) and the checkpoint flags (when given) override it.</summary>
    private static async Task<(JobSpec, ModelConfig)> ResumedJob(ParseResult parsed, TrainRunOptions options, string job, string location, CheckpointCatalog catalog, TextWriter output, CancellationToken cancellationToken)
    {
        var found = await catalog.NewestValidAsync(job, (step, why) => output.WriteLine($"  checkpoint step {step} refused: {why}"), cancellationToken)
            ?? throw new UserError($"--resume: job {job} has no valid checkpoint in {catalog.Store.Describe(job)}; see `adaftr checkpoints list --checkpoint-dir {location}`");
        bool given(Option option) => parsed.GetResult(option) is { Implicit: false };
        var saved = found.Spec;
        var spec = saved with
        {
            Steps = given(Steps) ? options.Steps : saved.Steps,
            CheckpointStore = location,   // where it was found: a moved store keeps working
            CheckpointEverySteps = given(CheckpointEvery) ? parsed.GetValue(CheckpointEvery) : saved.CheckpointEverySteps,
            CheckpointInterval = given(CheckpointMinutes) ? TimeSpan.FromMinutes(parsed.GetValue(CheckpointMinutes)) : saved.CheckpointInterval,
            CheckpointKeepLast = given(KeepLast) ? parsed.GetValue(KeepLast) : saved.CheckpointKeepLast,
            CheckpointBestMetric = given(BestMetric) ? parsed.GetValue(BestMetric)! : saved.CheckpointBestMetric,
        };
        if (spec.Steps <= found.Manifest.Step)
            throw new UserError($"--steps: job {job} is already at step {found.Manifest.Step} of {spec.Steps}; pass --steps above {found.Manifest.Step} to train further");
        output.WriteLine($"  resuming job {job} from step {found.Manifest.Step} ({catalog.Store.Describe(CheckpointLayout.Folder(job, found.Manifest.Step))})");
        return (spec, ModelConfigJson.Parse(spec.ModelConfigJson));
    }

    /// <summary>The run's model: --config if given (its schema must fit the data), else the defaults on the data's schema; explicit flags win.</summary>
    private static ModelConfig ModelFor(ParseResult parsed, TrainRunOptions options, FeatureSchema dataSchema, long[] vocabulary)
    {
        var file = parsed.GetValue(Config);
        ModelConfig config;
        try
        {
            config = file is null ? new ModelConfig { Schema = dataSchema } : ModelConfigJson.Load(file.FullName);
        }
        catch (ModelConfigException e)
        {
            throw new UserError($"--config: {e.Message}");
        }
        if (file is not null)
        {
            var fields = config.Schema.SparseFields;
            if (fields.Count != vocabulary.Length || config.Schema.DenseFields.Count != dataSchema.DenseFields.Count)
                throw new UserError($"--config: the schema has {fields.Count} sparse / {config.Schema.DenseFields.Count} dense fields, the data {vocabulary.Length} / {dataSchema.DenseFields.Count}");
            for (int i = 0; i < fields.Count; i++)
                if (!fields[i].Hashed && fields[i].VocabularySize < vocabulary[i])
                    throw new UserError($"--config: schema.sparse_fields[{i}] ('{fields[i].Name}') has {fields[i].VocabularySize} ids but the data uses {vocabulary[i]}");
        }
        // Without --config the flags (and their defaults) define the run; with it, only flags actually given override it.
        bool flagApplies(Option option) => file is null || parsed.GetResult(option) is { Implicit: false };
        config = config with
        {
            Optimizer = flagApplies(LearningRate) ? config.Optimizer with { LearningRate = options.LearningRate } : config.Optimizer,
            Training = config.Training with
            {
                BatchSize = flagApplies(BatchSize) ? options.BatchSize : config.Training.BatchSize,
                Seed = flagApplies(Seed) ? options.Seed : config.Training.Seed,
            },
        };
        try
        {
            return ModelConfigValidator.Validate(config);
        }
        catch (ModelConfigException e)
        {
            throw new UserError($"--config: {e.Message}");
        }
    }
}
