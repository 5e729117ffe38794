using System.CommandLine;
using AdaFtr.Coordinator.Checkpoints;
using AdaFtr.Coordinator.Training;
using AdaFtr.Grains;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Features;
using AdaFtr.Model.Training;
using AdaFtr.Shards.Readers;
using TorchSharp;

namespace AdaFtr.Coordinator.Commands;

/// <summary><c>adaftr train</c>: trains AdaFTR (MMoE backbone by default) CTR/CVR in this process and checkpoints to a local folder.</summary>
public static class TrainCommand
{
    private static string Bundled(string file) => Path.Combine(AppContext.BaseDirectory, "data", "ali-ccp", file);

    private static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "Model config JSON (e.g. examples/adaftr-mmoe-aliccp.json). Default: AdaFTR-MMoE with the paper's settings and the data's own schema. "
                      + "--batch-size, --learning-rate and --seed override it when given.",
    };
    private static readonly Option<FileInfo> Data = new("--data")
    {
        Description = "Training rows, Ali-CCP CSV (click,purchase,23 sparse,8 dense). Default: the bundled 100-row sample.",
        DefaultValueFactory = _ => new FileInfo(Bundled("ali_ccp_train_sample.csv")),
    };
    private static readonly Option<FileInfo> EvalData = new("--eval-data")
    {
        Description = "Evaluation rows, same format. Default: the bundled validation sample.",
        DefaultValueFactory = _ => new FileInfo(Bundled("ali_ccp_val_sample.csv")),
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
    private static readonly Option<DirectoryInfo> CheckpointDir = new("--checkpoint-dir")
    {
        Description = "Where checkpoints go: {dir}/{job}/{step:D10}/.",
        DefaultValueFactory = _ => new DirectoryInfo("checkpoints"),
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
        Description = "Submit to a running cluster, redis://HOST:PORT (see `adaftr cluster up`). Default: an embedded one-silo cluster in this process.",
    };
    private static readonly Option<string> ClusterId = new("--cluster-id")
    {
        Description = "The cluster id of --cluster.",
        DefaultValueFactory = _ => "adaftr",
    };

    public static Command Create(TextWriter output)
    {
        var command = new Command("train", """
            Train an AdaFTR CTR/CVR model (MMoE backbone unless --config says otherwise) in this process, print loss and AUC, and write a checkpoint.

            Examples:
              adaftr train
              adaftr train --steps 1000 --batch-size 64 --checkpoint-dir /tmp/ckpt --job trial-1
              adaftr train --data my_train.csv --eval-data my_val.csv
              adaftr train --config examples/adaftr-mmoe-aliccp.json --batch-size 32
              adaftr train --workers 2 --ps-shards 2                      two workers, two parameter shards, in this process
              adaftr train --workers 4 --cluster redis://127.0.0.1:6379   on a cluster started by `adaftr cluster up`
            """)
        {
            Config, Data, EvalData, Steps, BatchSize, LearningRate, Seed, CheckpointDir, Job, LogEvery, Workers, ParameterShards, Cluster, ClusterId,
        };
        command.SetAction((parsed, cancellationToken) => Run(parsed, output, cancellationToken));
        return command;
    }

    private static async Task<int> Run(ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        var options = TrainRunOptions.From(parsed.GetValue(Data)!, parsed.GetValue(EvalData)!, parsed.GetValue(Steps),
            parsed.GetValue(BatchSize), parsed.GetValue(LearningRate), parsed.GetValue(Seed), parsed.GetValue(CheckpointDir)!,
            parsed.GetValue(Job)!, parsed.GetValue(LogEvery), parsed.GetValue(Workers), parsed.GetValue(ParameterShards),
            parsed.GetValue(Cluster), parsed.GetValue(ClusterId)!);
        var checkpoints = new LocalCheckpointWriter(options.CheckpointDir);
        checkpoints.EnsureWritable();
        var jobFolder = Path.Combine(checkpoints.Root, options.Job);
        if (Directory.Exists(jobFolder))
            throw new UserError($"--job: {jobFolder} already exists and is never overwritten; pass a new --job or delete that folder");

        var train = AliCcpCsvReader.Read(options.Data);
        var eval = AliCcpCsvReader.Read(options.EvalData);
        if (train.SparseFields != eval.SparseFields || train.DenseFields != eval.DenseFields)
            throw new UserError($"{options.EvalData}: {eval.SparseFields} sparse / {eval.DenseFields} dense fields, but the training data has {train.SparseFields} / {train.DenseFields}");
        var vocabulary = train.VocabularySizes().Zip(eval.VocabularySizes(), Math.Max).ToArray();
        var config = ModelFor(parsed, options, AliCcpCsvReader.Schema(options.Data, vocabulary), vocabulary);
        config = config with { Training = config.Training with { MicroBatches = options.Workers } };
        var schema = config.Schema;

        // The job's data: the training file as K shards, one per worker, beside its checkpoints.
        var shardFolder = Path.Combine(jobFolder, "data");
        ShardSetWriter.Write(AliCcpCsvReader.Open(options.Data), new LocalDirectoryStore(shardFolder), new ShardWriteOptions(Shards: options.Workers));
        var spec = new JobSpec
        {
            JobId = options.Job,
            ModelConfigJson = ModelConfigJson.Serialize(config),
            ShardDirectory = shardFolder,
            Workers = options.Workers,
            ParameterShards = options.ParameterShards,
            Steps = options.Steps,
            BatchPerWorker = config.Training.BatchSize / options.Workers,
        };

        output.WriteLine($"adaftr train: AdaFTR-{config.Backbone.Kind} on {train.Rows} rows ({Path.GetFileName(options.Data)}), {schema.SparseFields.Count} sparse + {schema.DenseFields.Count} dense fields, " +
                         $"{options.Steps} steps of {config.Training.BatchSize} over {options.Workers} worker(s) and {options.ParameterShards} parameter shard(s), " +
                         $"lr {config.Optimizer.LearningRate}, seed {config.Training.Seed}, {torch.get_num_threads()} threads");
        await using var cluster = await TrainingCluster.OpenAsync(options.Cluster, options.ClusterId, output, cancellationToken);
        var progress = new JobProgress(output, options.LogEvery);
        var status = await progress.RunAsync(cluster.Grains, spec, cancellationToken);
        if (status.State != JobState.Completed)
            throw new UserError($"job {spec.JobId} {status.State.ToString().ToLowerInvariant()} after step {status.StepsApplied}: {status.Message}", ExitCodes.JobFailed);

        using var trainer = new LocalTrainer(config);
        TrainedParameters.Load(trainer.Model, await cluster.Grains.GetGrain<ITrainingJobGrain>(spec.JobId).GetParametersAsync());
        using var allEval = eval.ToBatch();
        var metrics = trainer.Evaluate([allEval]).Select(e => e.Metrics()).ToList();
        output.WriteLine($"evaluation on {eval.Rows} rows ({Path.GetFileName(options.EvalData)}):");
        foreach (var m in metrics)
            output.WriteLine($"  {m.Task,-4} AUC {Figure(m.Auc)}  GAUC {Figure(m.Gauc)}  logloss {m.LogLoss:F4}");

        var summary = new Dictionary<string, double> { ["train_loss_first"] = progress.FirstWindowLoss, ["train_loss_last"] = progress.LastWindowLoss };
        foreach (var m in metrics)
        {
            summary[$"{m.Task}_auc"] = m.Auc;
            summary[$"{m.Task}_gauc"] = m.Gauc;
            summary[$"{m.Task}_logloss"] = m.LogLoss;
        }
        var finite = summary.Where(kv => double.IsFinite(kv.Value)).ToDictionary();
        var folder = checkpoints.Write(options.Job, options.Steps, trainer.Model.named_parameters().Select(p => (p.name, (torch.Tensor)p.parameter)), finite);
        output.WriteLine($"loss {progress.FirstWindowLoss:F4} -> {progress.LastWindowLoss:F4} in {progress.Elapsed.TotalSeconds:F1} s; checkpoint: {folder}");
        return ExitCodes.Ok;
    }

    private static string Figure(double value) => double.IsNaN(value) ? "n/a (one class only)" : value.ToString("F4");

    /// <summary>The run's model: --config if given (its schema must fit the data), else the defaults on the data's schema; explicit flags win.</summary>
    private static ModelConfig ModelFor(ParseResult parsed, TrainRunOptions options, FeatureSchema dataSchema, int[] vocabulary)
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
