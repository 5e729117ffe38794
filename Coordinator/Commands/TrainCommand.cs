using System.CommandLine;
using System.Diagnostics;
using AdaFtr.Coordinator.Checkpoints;
using AdaFtr.Model;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Training;
using AdaFtr.Shards.Readers;
using TorchSharp;

namespace AdaFtr.Coordinator.Commands;

/// <summary><c>adaftr train</c>: trains MMoE CTR/CVR in this process and checkpoints to a local folder.</summary>
public static class TrainCommand
{
    private static string Bundled(string file) => Path.Combine(AppContext.BaseDirectory, "data", "ali-ccp", file);

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

    public static Command Create(TextWriter output)
    {
        var command = new Command("train", """
            Train an MMoE CTR/CVR model in this process, print loss and AUC, and write a checkpoint.

            Examples:
              adaftr train
              adaftr train --steps 1000 --batch-size 64 --checkpoint-dir /tmp/ckpt --job trial-1
              adaftr train --data my_train.csv --eval-data my_val.csv
            """)
        {
            Data, EvalData, Steps, BatchSize, LearningRate, Seed, CheckpointDir, Job, LogEvery,
        };
        command.SetAction((parsed, cancellationToken) => Task.FromResult(Run(parsed, output, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        var options = TrainRunOptions.From(parsed.GetValue(Data)!, parsed.GetValue(EvalData)!, parsed.GetValue(Steps),
            parsed.GetValue(BatchSize), parsed.GetValue(LearningRate), parsed.GetValue(Seed), parsed.GetValue(CheckpointDir)!,
            parsed.GetValue(Job)!, parsed.GetValue(LogEvery));
        var checkpoints = new LocalCheckpointWriter(options.CheckpointDir);
        checkpoints.EnsureWritable();

        var train = AliCcpCsvReader.Read(options.Data);
        var eval = AliCcpCsvReader.Read(options.EvalData);
        if (train.SparseFields != eval.SparseFields || train.DenseFields != eval.DenseFields)
            throw new UserError($"{options.EvalData}: {eval.SparseFields} sparse / {eval.DenseFields} dense fields, but the training data has {train.SparseFields} / {train.DenseFields}");
        var vocabulary = train.VocabularySizes().Zip(eval.VocabularySizes(), Math.Max).ToArray();
        var schema = AliCcpCsvReader.Schema(options.Data, vocabulary);

        output.WriteLine($"adaftr train: MMoE on {train.Rows} rows ({Path.GetFileName(options.Data)}), {schema.SparseFields.Count} sparse + {schema.DenseFields.Count} dense fields, " +
                         $"{options.Steps} steps of {options.BatchSize}, lr {options.LearningRate}, seed {options.Seed}, {torch.get_num_threads()} threads");
        using var trainer = new LocalTrainer(schema, new MmoeConfig(), new TrainerOptions(options.LearningRate, options.Seed));
        using var allTrain = train.ToBatch();
        using var allEval = eval.ToBatch();
        var order = new BatchOrder(train.Rows, options.BatchSize, options.Seed);

        var clock = Stopwatch.StartNew();
        double windowLoss = 0, firstWindowLoss = double.NaN, lastWindowLoss = double.NaN;
        int windowSteps = 0;
        for (int step = 1; step <= options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var rows = order.Next();
            using var batch = allTrain.Select(rows);
            windowLoss += trainer.TrainStep(batch);
            windowSteps++;
            if (step % options.LogEvery == 0 || step == options.Steps)
            {
                lastWindowLoss = windowLoss / windowSteps;
                if (double.IsNaN(firstWindowLoss)) firstWindowLoss = lastWindowLoss;
                output.WriteLine($"  step {step,6}/{options.Steps}  loss {lastWindowLoss:F4}  {step / clock.Elapsed.TotalSeconds,8:F1} steps/s");
                windowLoss = 0; windowSteps = 0;
            }
        }

        var metrics = trainer.Evaluate([allEval]);
        output.WriteLine($"evaluation on {eval.Rows} rows ({Path.GetFileName(options.EvalData)}):");
        foreach (var m in metrics)
            output.WriteLine($"  {m.Task,-4} AUC {(double.IsNaN(m.Auc) ? "n/a (one class only)" : m.Auc.ToString("F4"))}  logloss {m.LogLoss:F4}");

        var summary = new Dictionary<string, double> { ["train_loss_first"] = firstWindowLoss, ["train_loss_last"] = lastWindowLoss };
        foreach (var m in metrics)
        {
            summary[$"{m.Task}_auc"] = m.Auc;
            summary[$"{m.Task}_logloss"] = m.LogLoss;
        }
        var finite = summary.Where(kv => double.IsFinite(kv.Value)).ToDictionary();
        var folder = checkpoints.Write(options.Job, options.Steps, trainer.Network.named_parameters().Select(p => (p.name, (torch.Tensor)p.parameter)), finite);
        output.WriteLine($"loss {firstWindowLoss:F4} -> {lastWindowLoss:F4} in {clock.Elapsed.TotalSeconds:F1} s; checkpoint: {folder}");
        return ExitCodes.Ok;
    }
}
