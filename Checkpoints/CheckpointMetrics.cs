using AdaFtr.Grains;
using AdaFtr.Model.Features;

namespace AdaFtr.Checkpoints;

/// <summary>
/// The metrics a checkpoint manifest holds, and so the names <see cref="JobSpec.CheckpointBestMetric"/> may take:
/// <c>train_loss</c> (the mean loss of the steps since the checkpoint before), and, for a checkpoint taken where the job
/// evaluated, <c>{task}_auc</c>, <c>{task}_gauc</c> and <c>{task}_logloss</c> of every task on the evaluation data.
/// </summary>
public static class CheckpointMetrics
{
    public const string TrainLoss = "train_loss";
    private static readonly string[] EvaluationSuffixes = ["auc", "gauc", "logloss"];

    /// <summary>Every name a job of <paramref name="schema"/>'s tasks can record (with evaluation data, or without).</summary>
    public static IReadOnlyList<string> Names(FeatureSchema schema, bool evaluates) =>
        [TrainLoss, .. evaluates ? schema.Tasks.SelectMany(task => EvaluationSuffixes.Select(suffix => $"{task}_{suffix}")) : []];

    /// <summary>The manifest's metrics at <paramref name="step"/>: the training loss, and the evaluation made there, finite values only.</summary>
    public static Dictionary<string, double> At(long step, double trainLoss, IEnumerable<EvaluationPoint> evaluations)
    {
        var metrics = new Dictionary<string, double>();
        if (double.IsFinite(trainLoss)) metrics[TrainLoss] = trainLoss;
        foreach (var e in evaluations.Where(e => e.Step == step))
            foreach (var (suffix, value) in new[] { ("auc", e.Auc), ("gauc", e.Gauc), ("logloss", e.LogLoss) })
                if (double.IsFinite(value)) metrics[$"{e.Task}_{suffix}"] = value;
        return metrics;
    }
}
