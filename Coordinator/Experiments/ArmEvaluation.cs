using AdaFtr.Model.Metrics;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// What one trained model scores on held-out rows: AUC and GAUC per task (CVR over all
/// impressions), CVR AUC over the clicked impressions, the AUC of ŷ_rel against the planted
/// relatedness flags, and τ split into the planted related and unrelated rows (for histograms).
/// Figures that do not apply are NaN, and τ lists empty.
/// </summary>
public sealed record ArmEvaluation(IReadOnlyList<TaskMetrics> Metrics, double CvrClickedAuc, double RelatednessAuc, float[] TauRelated, float[] TauUnrelated)
{
    public static readonly string[] Tasks = ["ctr", "cvr"];

    /// <param name="related">per row, true when it is in the planted related subset; null where nothing was planted per row.</param>
    public static ArmEvaluation Of(EvaluationScores scores, bool[]? related)
    {
        int rows = scores.Ctr.Length;
        var click = new float[rows]; var conversion = new float[rows];
        for (int r = 0; r < rows; r++) { click[r] = scores.Labels[2 * r]; conversion[r] = scores.Labels[2 * r + 1]; }
        var metrics = new[] { TaskEvaluation.From(Tasks[0], scores.Ctr, click, scores.Users), TaskEvaluation.From(Tasks[1], scores.CvrExposure, conversion, scores.Users) }
            .Select(e => e.Metrics()).ToList();

        var clickedRows = Enumerable.Range(0, rows).Where(r => click[r] > 0.5f).ToArray();
        double clickedAuc = AucPartial.From(clickedRows.Select(r => scores.CvrClicked[r]).ToArray(), clickedRows.Select(r => conversion[r]).ToArray()).Value();

        double relatednessAuc = double.NaN;
        float[] tauRelated = [], tauUnrelated = [];
        if (related is not null)
        {
            if (related.Length != rows) throw new ArgumentException($"{related.Length} relatedness flags for {rows} rows", nameof(related));
            if (scores.Relatedness.Length == rows)
                relatednessAuc = AucPartial.From(scores.Relatedness, related.Select(f => f ? 1f : 0f).ToArray()).Value();
            if (scores.Tau.Length == rows)
            {
                tauRelated = scores.Tau.Where((_, r) => related[r]).ToArray();
                tauUnrelated = scores.Tau.Where((_, r) => !related[r]).ToArray();
            }
        }
        return new ArmEvaluation(metrics, clickedAuc, relatednessAuc, tauRelated, tauUnrelated);
    }

    /// <summary>The early-stopping figure of these scores.</summary>
    public double Figure(ValidationMetric metric) => metric switch
    {
        ValidationMetric.CvrAuc => Metrics[1].Auc,
        ValidationMetric.MeanAuc => (Metrics[0].Auc + Metrics[1].Auc) / 2,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a validation metric"),
    };
}

/// <summary>What early stopping watches on the validation rows (higher is better).</summary>
public enum ValidationMetric
{
    /// <summary>CVR AUC over all impressions: the task the paper's claims are about.</summary>
    CvrAuc,
    /// <summary>The mean of CTR and CVR AUC.</summary>
    MeanAuc,
}
