using AdaFtr.Model.Configuration;
using AdaFtr.Model.Metrics;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Objectives;
using AdaFtr.Model.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Training;

/// <summary>
/// Single-process training of an <see cref="AdaFtrModel"/>: each step cuts its batch into K
/// micro-batches (each with its own in-batch contrastive loss), averages their gradients and
/// applies <see cref="LazyAdam"/>: exactly what K data-parallel workers and a parameter server
/// do. One synchronous call per step (TorchSharp scopes and grad mode are thread-local);
/// deterministic on CPU for a given <see cref="TrainingConfig.Seed"/>.
/// </summary>
public sealed class LocalTrainer : IDisposable
{
    private readonly AdaFtrModel model;
    private readonly AdaFtrObjective objective;
    private readonly LazyAdam optimizer;

    public LocalTrainer(ModelConfig config)
    {
        ModelConfigValidator.Validate(config);
        torch.manual_seed(config.Training.Seed);
        Config = config;
        model = new AdaFtrModel(config);
        objective = new AdaFtrObjective(config.Objective);
        optimizer = new LazyAdam(model, AdamSettings.From(config.Optimizer));
    }

    public ModelConfig Config { get; }

    public AdaFtrModel Model => model;

    /// <summary>Steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <returns>The step's losses before the update.</returns>
    public StepLosses TrainStep(Batch batch)
    {
        using var scope = torch.NewDisposeScope();
        model.train();
        model.zero_grad();
        int k = Math.Min(Config.Training.MicroBatches, batch.Size);
        var ids = new List<Tensor>(); var gradients = new List<Tensor>();
        var sums = new double[5 + Config.Schema.Tasks.Count];
        long start = 0;
        for (int i = 0; i < k; i++)
        {
            long count = batch.Size / k + (i < batch.Size % k ? 1 : 0);
            using var micro = k == 1 ? null : batch.Slice(start, count);
            start += count;
            var result = ForwardBackward.Run(model, objective, micro ?? batch, 1.0 / k);
            ids.Add(result.Outputs.Lookup.RowIds);
            gradients.Add(result.RowGradients);
            Accumulate(sums, result.Terms);
        }
        var (rowIds, rowGradients) = RowGradientSum.Merge(ids, gradients);
        optimizer.Step(rowIds, rowGradients);
        Steps++;
        return new StepLosses(sums[0] / k, sums.Skip(5).Select(s => s / k).ToArray(), sums[1] / k, sums[2] / k, sums[3] / k, sums[4] / k);
    }

    /// <summary>Evaluation state per task over <paramref name="batches"/>; merge with other shards' states for the whole.</summary>
    public IReadOnlyList<TaskEvaluation> Evaluate(IEnumerable<Batch> batches)
    {
        IReadOnlyList<TaskEvaluation> states = Config.Schema.Tasks.Select(t => new TaskEvaluation(t, AucPartial.Empty, GaucPartial.Empty, LogLossPartial.Empty)).ToArray();
        foreach (var batch in batches) states = BatchEvaluation.Merge(states, BatchEvaluation.Of(model, batch, CPU));
        return states;
    }

    private static void Accumulate(double[] sums, ObjectiveTerms terms)
    {
        sums[0] += terms.Total.ToDouble();
        sums[1] += terms.Relatedness.ToDouble();
        sums[2] += terms.Alignment.ToDouble();
        sums[3] += terms.Regularization.ToDouble();
        sums[4] += terms.Pairwise.ToDouble();
        for (int t = 0; t < terms.Task.Length; t++) sums[5 + t] += terms.Task[t].ToDouble();
    }

    public void Dispose()
    {
        optimizer.Dispose();
        model.Dispose();
    }
}
