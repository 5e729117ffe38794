using System.Diagnostics;
using AdaFtr.Coordinator.Console;
using AdaFtr.Model;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Training;
using TorchSharp;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// Trains every arm of a suite with every seed on the same data with <see cref="LocalTrainer"/>,
/// and evaluates each on the test rows. Runs are sequential and synchronous on the calling thread
/// (TorchSharp's dispose scopes are thread-local). One line per run goes to <paramref name="progress"/>,
/// and on a terminal a bar of runs done below them.
/// </summary>
public sealed class SuiteRunner(SuiteSettings settings, TextWriter progress)
{
    private const int EvaluationRows = 8192;

    public SuiteResult Run(string suite, ExperimentData data, IReadOnlyList<ExperimentArm> arms, CancellationToken cancellationToken = default)
    {
        // Small real samples hold fewer rows than a batch: report the batch that actually trained.
        var used = settings with { BatchSize = Math.Min(settings.BatchSize, data.Train.Size) };
        var runs = new List<ArmRun>();
        int total = settings.Seeds * arms.Count;
        var console = CliConsole.For(progress);
        LiveProgress.Run(console, $"{suite}: {total} runs", total, bar =>
        {
            for (int s = 0; s < settings.Seeds; s++)
                foreach (var arm in arms)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    bar.Update(runs.Count, $"[{runs.Count + 1}/{total}] {arm.Name}, seed {SuiteSettings.SeedOf(s)}");
                    var run = RunOne(data, arm, used, SuiteSettings.SeedOf(s), cancellationToken);
                    runs.Add(run);
                    console.Line($"[{runs.Count}/{total}] {arm.Name}, seed {run.Seed}: " +
                                 string.Join("  ", run.Metrics.Select(m => $"{m.Task} AUC {m.Auc:F4} GAUC {m.Gauc:F4}")) +
                                 $"  loss {run.FinalLoss:F4}  {run.Seconds:F1} s");
                }
            bar.Update(runs.Count, $"{suite}: {total} runs");
            return runs.Count;
        });
        return new SuiteResult(suite, data.Description, data.Schema.Tasks, data.OracleAuc, data.PositiveRates, used, runs);
    }

    private static ArmRun RunOne(ExperimentData data, ExperimentArm arm, SuiteSettings settings, long seed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var config = ConfigOf(data, arm, settings, seed);
        using var trainer = new LocalTrainer(config);
        var order = new EpochOrder(data.Train.Size, seed);
        double loss = double.NaN;
        for (int step = 0; step < settings.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var rows = torch.tensor(order.Next(config.Training.BatchSize));
            using var batch = data.Train.Select(rows);
            loss = trainer.TrainStep(batch).Total;
        }
        var metrics = trainer.Evaluate(TestChunks(data.Test)).Select(e => e.Metrics()).ToList();
        return new ArmRun(arm, seed, metrics, loss, clock.Elapsed.TotalSeconds);
    }

    private static ModelConfig ConfigOf(ExperimentData data, ExperimentArm arm, SuiteSettings settings, long seed) => new()
    {
        Schema = data.Schema,
        Backbone = new BackboneConfig { Kind = arm.Backbone, ExpertLayers = settings.ExpertLayers },
        TowerLayers = settings.TowerLayers,
        Objective = arm.Objective,
        Optimizer = new OptimizerConfig { LearningRate = settings.LearningRate },
        Training = new TrainingConfig { BatchSize = settings.BatchSize, Seed = seed },
    };

    /// <summary>The test rows in slices, each evaluated in its own dispose scope by the trainer; disposed as the enumeration moves on.</summary>
    private static IEnumerable<Batch> TestChunks(Batch test)
    {
        for (long start = 0; start < test.Size; start += EvaluationRows)
        {
            using var chunk = test.Slice(start, Math.Min(EvaluationRows, test.Size - start));
            yield return chunk;
        }
    }
}
