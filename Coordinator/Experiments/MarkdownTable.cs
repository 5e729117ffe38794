using System.Globalization;
using System.Text;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// The suite's results as a markdown table shaped like the paper's Table 4: AUC and GAUC per task
/// in percent, mean ± std over seeds, the last task's AUC difference to MMoE (the paper's reference
/// for AdaFTR) paired by seed with its 95 % interval, and the oracle AUC of synthetic data.
/// </summary>
public static class MarkdownTable
{
    public static string Render(SuiteResult result)
    {
        var summaries = ArmSummary.Of(result);
        var tasks = result.Tasks;
        int last = tasks.Count - 1;
        var reference = summaries.FirstOrDefault(s => s.Arm.Name == "MMoE");
        var text = new StringBuilder();
        text.AppendLine($"Suite `{result.Suite}` on {result.DataDescription}.");
        text.AppendLine($"{result.Settings.Seeds} seed(s), {result.Settings.Steps} steps of {result.Settings.BatchSize} rows, experts/bottoms [{string.Join(", ", result.Settings.ExpertLayers)}], " +
                        $"towers [{string.Join(", ", result.Settings.TowerLayers)}], Adam lr {Number(result.Settings.LearningRate)}. " +
                        $"Training positive rates: {string.Join(", ", tasks.Select((t, i) => $"{t} {result.PositiveRates[i]:P2}"))}.");
        text.AppendLine();
        text.Append("| Model | Group |");
        foreach (var task in tasks) text.Append($" {task.ToUpperInvariant()} AUC | {task.ToUpperInvariant()} GAUC |");
        text.AppendLine($" Δ {tasks[last].ToUpperInvariant()} AUC vs MMoE [95% CI, paired by seed] | s/run |");
        text.Append("|---|---|");
        foreach (var _ in tasks) text.Append("---:|---:|");
        text.AppendLine("---:|---:|");
        foreach (var s in summaries)
        {
            text.Append($"| {s.Arm.Name} | {s.Arm.Group} |");
            for (int t = 0; t < tasks.Count; t++) text.Append($" {Percent(s.Auc[t])} | {Percent(s.Gauc[t])} |");
            string delta = reference is null ? "" : Interval(PairedDifference.Of(LastAucBySeed(result, s.Arm), LastAucBySeed(result, reference.Arm)));
            text.AppendLine($" {delta} | {s.Seconds:F1} |");
        }
        if (result.OracleAuc is { } oracle)
        {
            text.Append("| *oracle (true probabilities)* | data |");
            for (int t = 0; t < tasks.Count; t++) text.Append($" {Number(oracle[t] * 100, "F3")} | |");
            text.AppendLine(" | |");
        }
        return text.ToString();
    }

    private static Dictionary<long, double> LastAucBySeed(SuiteResult result, ExperimentArm arm) =>
        result.Runs.Where(r => r.Arm.Name == arm.Name).ToDictionary(r => r.Seed, r => r.Metrics[^1].Auc);

    private static string Interval(PairedDifference d) =>
        double.IsNaN(d.Low) ? Signed(d.Mean * 100) : $"{Signed(d.Mean * 100)} [{Signed(d.Low * 100)}, {Signed(d.High * 100)}]";

    private static string Percent(SeedStatistic s) =>
        double.IsNaN(s.Mean) ? "n/a" : double.IsNaN(s.Std) ? Number(s.Mean * 100, "F3") : $"{Number(s.Mean * 100, "F3")} ± {Number(s.Std * 100, "F3")}";

    private static string Signed(double value) => double.IsNaN(value) ? "n/a" : value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);

    private static string Number(double value, string format = "G") => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}
