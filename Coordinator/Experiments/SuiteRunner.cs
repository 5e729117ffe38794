using System.Diagnostics;
using AdaFtr.Coordinator.Console;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Training;
using TorchSharp;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// Trains every arm of a suite with every seed on the same data with <see cref="LocalTrainer"/>,
/// to convergence (<see cref="ConvergenceLoop"/> on the validation rows), and evaluates each run's
/// best epoch on the test rows. Runs are sequential and synchronous on the calling thread
/// (TorchSharp's dispose scopes are thread-local); each uses libtorch's intra-op threads. One line
/// per run goes to <paramref name="progress"/>, and on a terminal a bar of runs done below them.
/// </summary>
public sealed class SuiteRunner(SuiteSettings settings, TextWriter progress)
{
    public SuiteResult Run(string suite, ExperimentData data, IReadOnlyList<ExperimentArm> arms, CancellationToken cancellationToken = default)
    {
        var wall = Stopwatch.StartNew();
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
                    var m = run.Metrics;
                    console.Line($"[{runs.Count}/{total}] {arm.Name}, seed {run.Seed}: CTR AUC {m[0].Auc:F4}  CVR AUC {m[1].Auc:F4} (clicked {run.Test.CvrClickedAuc:F4})" +
                                 (double.IsNaN(run.Test.RelatednessAuc) ? "" : $"  ŷ_rel AUC {run.Test.RelatednessAuc:F4}") +
                                 $"  best epoch {run.Trace.BestEpoch}/{run.Trace.Epochs} (validation {string.Join(" ", run.Trace.Validation.Select(v => v.ToString("F4")))})" +
                                 $"  {run.Seconds:F1} s, {run.Trace.Samples / run.Seconds:F0} samples/s");
                }
            bar.Update(runs.Count, $"{suite}: {total} runs");
            return runs.Count;
        });
        return new SuiteResult(suite, data.Description, data.Schema.Tasks, data.OracleAuc, data.OracleCvrClickedAuc, data.PositiveRates, used, runs,
            wall.Elapsed.TotalSeconds);
    }

    private static ArmRun RunOne(ExperimentData data, ExperimentArm arm, SuiteSettings settings, long seed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var config = ConfigOf(data, arm, settings, seed);
        using var trainer = new LocalTrainer(config);
        using var best = new BestWeights(trainer.Model);
        var order = new EpochOrder(data.Train.Size, seed);
        int epochSteps = settings.EpochSteps(data.Train.Size);
        bool adaptive = arm.Objective.Alpha > 0 && arm.Objective.Temperature == TemperatureMode.Adaptive;
        var trace = ConvergenceLoop.Run(settings.MaxEpochs, settings.Patience,
            _ =>
            {
                double loss = double.NaN;
                for (int step = 0; step < epochSteps; step++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var rows = torch.tensor(order.Next(config.Training.BatchSize));
                    using var batch = data.Train.Select(rows);
                    loss = trainer.TrainStep(batch).Total;
                }
                return (epochSteps, (long)epochSteps * config.Training.BatchSize, loss);
            },
            () => ArmEvaluation.Of(EvaluationScores.Of(trainer.Model, data.Validation, withRelatedness: false, withTau: false), related: null).Figure(settings.Metric),
            best.Keep, best.Restore, cancellationToken);
        var test = ArmEvaluation.Of(EvaluationScores.Of(trainer.Model, data.Test, withRelatedness: arm.Objective.Alpha > 0, withTau: adaptive), data.TestRelated);
        return new ArmRun(arm, seed, test, trace, clock.Elapsed.TotalSeconds);
    }

    private static ModelConfig ConfigOf(ExperimentData data, ExperimentArm arm, SuiteSettings settings, long seed) => new()
    {
        Schema = data.Schema,
        Backbone = new BackboneConfig { Kind = arm.Backbone, ExpertLayers = settings.ExpertLayers },
        TowerLayers = settings.TowerLayers,
        TowerTransfer = arm.Transfer,
        Objective = arm.Objective,
        Optimizer = new OptimizerConfig { LearningRate = settings.LearningRate },
        Training = new TrainingConfig { BatchSize = settings.BatchSize, Seed = seed },
    };
}
