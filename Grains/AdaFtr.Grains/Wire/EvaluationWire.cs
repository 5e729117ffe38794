using AdaFtr.Model.Metrics;

namespace AdaFtr.Grains.Wire;

/// <summary>The model's mergeable evaluation states to and from their wire form (<see cref="TaskEvaluationPart"/>).</summary>
public static class EvaluationWire
{
    public static TaskEvaluationPart ToWire(TaskEvaluation e) =>
        new(e.Task, Counts(e.Auc), e.Gauc.Users.ToDictionary(u => u.Key, u => Counts(u.Value)), e.LogLoss.Sum, e.LogLoss.Count);

    public static TaskEvaluation FromWire(TaskEvaluationPart p) =>
        new(p.Task, Partial(p.Auc), new GaucPartial(p.Users.ToDictionary(u => u.Key, u => Partial(u.Value))), new LogLossPartial(p.LogLossSum, p.Rows));

    private static AucCounts Counts(AucPartial a) => new(a.Scores, a.Positives, a.Negatives);

    private static AucPartial Partial(AucCounts c) => new(c.Scores, c.Positives, c.Negatives);
}
