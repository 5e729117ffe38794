namespace AdaFtr.Model.Metrics;

/// <summary>One task's evaluation state over some rows; merge the states of disjoint shards to get the whole.</summary>
public sealed record TaskEvaluation(string Task, AucPartial Auc, GaucPartial Gauc, LogLossPartial LogLoss)
{
    public static TaskEvaluation From(string task, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels, ReadOnlySpan<long> users) =>
        new(task, AucPartial.From(probabilities, labels), GaucPartial.From(probabilities, labels, users), LogLossPartial.From(probabilities, labels));

    public TaskEvaluation Merge(TaskEvaluation other)
    {
        if (other.Task != Task) throw new ArgumentException($"cannot merge evaluations of tasks '{Task}' and '{other.Task}'");
        return new(Task, Auc.Merge(other.Auc), Gauc.Merge(other.Gauc), LogLoss.Merge(other.LogLoss));
    }

    public TaskMetrics Metrics(GaucWeighting weighting = GaucWeighting.Uniform) =>
        new(Task, Auc.Value(), Gauc.Value(weighting), LogLoss.Value(), LogLoss.Count);
}

/// <summary>Final figures of one task.</summary>
public sealed record TaskMetrics(string Task, double Auc, double Gauc, double LogLoss, long Rows);
