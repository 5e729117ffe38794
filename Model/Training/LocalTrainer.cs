using AdaFtr.Model.Features;
using AdaFtr.Model.Metrics;
using AdaFtr.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Training;

public sealed record TrainerOptions(double LearningRate = 5e-4, long Seed = 42);

/// <summary>Per-task results of one pass over evaluation data.</summary>
public sealed record TaskMetrics(string Task, double Auc, double LogLoss, long Rows);

/// <summary>
/// Single-process training: one synchronous step per call (TorchSharp scopes and grad mode are
/// thread-local, so a step never spans an await), BCE-with-logits per task, Adam.
/// </summary>
public sealed class LocalTrainer : IDisposable
{
    private readonly FeatureSchema _schema;
    private readonly MmoeNetwork _network;
    private readonly optim.Optimizer _optimizer;

    public LocalTrainer(FeatureSchema schema, MmoeConfig config, TrainerOptions options)
    {
        torch.manual_seed(options.Seed);
        _schema = schema;
        _network = new MmoeNetwork(schema, config);
        _optimizer = optim.Adam(_network.parameters(), options.LearningRate);
    }

    public MmoeNetwork Network => _network;

    /// <returns>The mean loss over the batch, summed over tasks, before the update.</returns>
    public float TrainStep(Batch batch)
    {
        using var scope = NewDisposeScope();
        _network.train();
        _optimizer.zero_grad();
        var logits = _network.call(batch.Sparse, batch.Dense);                                        // [B, T]
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, batch.Labels, reduction: nn.Reduction.Mean) * _schema.Tasks.Count;
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    public IReadOnlyList<TaskMetrics> Evaluate(IEnumerable<Batch> batches)
    {
        var scores = _schema.Tasks.Select(_ => new List<float>()).ToArray();
        var labels = _schema.Tasks.Select(_ => new List<float>()).ToArray();
        _network.eval();
        using (torch.no_grad())
        {
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                var probabilities = torch.sigmoid(_network.call(batch.Sparse, batch.Dense)).t().contiguous();  // [T, B]
                var truth = batch.Labels.t().contiguous();                                                     // [T, B]
                for (int t = 0; t < scores.Length; t++)
                {
                    scores[t].AddRange(probabilities[t].data<float>());
                    labels[t].AddRange(truth[t].data<float>());
                }
            }
        }
        return _schema.Tasks.Select((task, t) => new TaskMetrics(task,
            Auc.Compute(scores[t].ToArray(), labels[t].ToArray()),
            LogLoss(scores[t], labels[t]), scores[t].Count)).ToList();
    }

    private static double LogLoss(List<float> scores, List<float> labels)
    {
        const double epsilon = 1e-7;
        double sum = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            double p = Math.Clamp(scores[i], epsilon, 1 - epsilon);
            sum -= labels[i] > 0.5f ? Math.Log(p) : Math.Log(1 - p);
        }
        return scores.Count == 0 ? double.NaN : sum / scores.Count;
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _network.Dispose();
    }
}
