using System.Globalization;
using System.Text;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// The suite's results as a markdown table shaped like the paper's Table 4: AUC and GAUC per task
/// in percent (CVR over all impressions, and its AUC over clicked impressions), mean ± std over
/// seeds; each figure's difference to MMoE (the paper's reference for AdaFTR) paired by seed with
/// its 95 % interval; ŷ_rel's AUC against the planted relatedness; the epoch early stopping kept;
/// and the oracle AUCs of synthetic data.
/// </summary>
public static class MarkdownTable
{
    private const string Reference = "MMoE";

    public static string Render(SuiteResult result)
    {
        var summaries = ArmSummary.Of(result);
        var settings = result.Settings;
        bool hasReference = summaries.Any(s => s.Arm.Name == Reference);
        var text = new StringBuilder();
        text.AppendLine($"Suite `{result.Suite}` on {result.DataDescription}.");
        text.AppendLine($"{settings.Seeds} seed(s) per model, {settings.StoppingRule}, the best epoch's weights evaluated on the test rows; " +
                        $"{(settings.StepsPerEpoch is { } steps ? $"{steps} steps" : "one pass over the training rows")} of {settings.BatchSize} rows per epoch, " +
                        $"experts/bottoms [{string.Join(", ", settings.ExpertLayers)}], towers [{string.Join(", ", settings.TowerLayers)}], Adam lr {Number(settings.LearningRate)}. " +
                        $"Training positive rates: {string.Join(", ", result.Tasks.Select((t, i) => $"{t} {result.PositiveRates[i].ToString("P2", CultureInfo.InvariantCulture)}"))}.");
        text.AppendLine($"Wall time {result.WallSeconds:F0} s for {result.Runs.Count} runs, one after another on libtorch's intra-op threads; " +
                        $"{result.SamplesTrained:N0} training samples, {Number(result.SamplesPerSecond, "F0")} samples/s.");
        text.AppendLine();
        text.AppendLine("| Model | Group | CTR AUC | CTR GAUC | CVR AUC | CVR GAUC | CVR AUC, clicked | " +
                        $"Δ CTR AUC vs {Reference} | Δ CVR AUC vs {Reference} | Δ CVR AUC clicked vs {Reference} | ŷ_rel AUC vs planted | best epoch / epochs | s/run |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in summaries)
        {
            var runs = result.Runs.Where(r => r.Arm.Name == s.Arm.Name).ToList();
            text.Append($"| {s.Arm.Name} | {s.Arm.Group} | {Percent(s.Auc[0])} | {Percent(s.Gauc[0])} | {Percent(s.Auc[1])} | {Percent(s.Gauc[1])} | ");
            text.Append($"{Percent(SeedStatistic.Of(runs.Select(r => r.Test.CvrClickedAuc).ToList()))} | ");
            foreach (var figure in Figures)
                text.Append(hasReference ? $"{Interval(PairedDifference.Of(BySeed(result, s.Arm.Name, figure), BySeed(result, Reference, figure)))} | " : " | ");
            text.Append($"{Percent(SeedStatistic.Of(runs.Select(r => r.Test.RelatednessAuc).ToList()))} | ");
            text.AppendLine($"{runs.Average(r => r.Trace.BestEpoch):F1} / {runs.Average(r => r.Trace.Epochs):F1} | {s.Seconds:F1} |");
        }
        if (result.OracleAuc is { } oracle)
            text.AppendLine($"| *oracle (true probabilities)* | data | {Number(oracle[0] * 100, "F3")} | | {Number(oracle[1] * 100, "F3")} | | {Number(result.OracleCvrClickedAuc * 100, "F3")} | | | | | | |");
        return text.ToString();
    }

    /// <summary>The figures compared with MMoE seed by seed, in column order.</summary>
    private static readonly Func<ArmRun, double>[] Figures = [r => r.Metrics[0].Auc, r => r.Metrics[1].Auc, r => r.Test.CvrClickedAuc];

    private static Dictionary<long, double> BySeed(SuiteResult result, string arm, Func<ArmRun, double> figure) =>
        result.Runs.Where(r => r.Arm.Name == arm).ToDictionary(r => r.Seed, figure);

    private static string Interval(PairedDifference d) =>
        double.IsNaN(d.Low) ? Signed(d.Mean * 100) : $"{Signed(d.Mean * 100)} [{Signed(d.Low * 100)}, {Signed(d.High * 100)}]";

    private static string Percent(SeedStatistic s) =>
        double.IsNaN(s.Mean) ? "n/a" : double.IsNaN(s.Std) ? Number(s.Mean * 100, "F3") : $"{Number(s.Mean * 100, "F3")} ± {Number(s.Std * 100, "F3")}";

    private static string Signed(double value) => double.IsNaN(value) ? "n/a" : value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);

    private static string Number(double value, string format = "G") => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}
