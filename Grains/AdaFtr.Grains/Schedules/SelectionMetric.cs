namespace AdaFtr.Grains.Schedules;

/// <summary>The metric that decides promotion: one task's AUC, GAUC (higher wins) or log loss (lower wins).</summary>
public sealed record SelectionMetric(string Task, string Kind)
{
    public static readonly IReadOnlyList<string> Kinds = ["auc", "gauc", "logloss"];

    /// <summary>Every valid name for a model with these tasks, e.g. ctr_auc, ctr_gauc, ctr_logloss, cvr_auc…</summary>
    public static IReadOnlyList<string> Choices(IReadOnlyList<string> tasks) => tasks.SelectMany(t => Kinds.Select(k => $"{t}_{k}")).ToList();

    /// <exception cref="ArgumentException">naming the valid choices.</exception>
    public static SelectionMetric Parse(string name, IReadOnlyList<string> tasks)
    {
        int cut = name.LastIndexOf('_');
        if (cut > 0 && tasks.Contains(name[..cut]) && Kinds.Contains(name[(cut + 1)..]))
            return new SelectionMetric(name[..cut], name[(cut + 1)..]);
        throw new ArgumentException($"'{name}' is not a metric of this model; choose one of {string.Join(", ", Choices(tasks))}");
    }

    public bool HigherIsBetter => Kind != "logloss";

    /// <summary>This metric in an evaluation at <paramref name="step"/>, or null when the evaluation lacks the task.</summary>
    public double? Of(IReadOnlyList<EvaluationPoint> evaluations, long step) =>
        evaluations.Where(e => e.Step == step && e.Task == Task).Select(e => (double?)(Kind switch
        {
            "auc" => e.Auc,
            "gauc" => e.Gauc,
            _ => e.LogLoss,
        })).LastOrDefault();

    /// <summary>True when <paramref name="challenger"/> beats <paramref name="champion"/> strictly; a tie keeps the champion.</summary>
    public bool Beats(double challenger, double champion) =>
        double.IsFinite(challenger) && (!double.IsFinite(champion) || (HigherIsBetter ? challenger > champion : challenger < champion));
}
