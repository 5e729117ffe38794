using System.Globalization;
using System.Text;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// The suite's results as a markdown table shaped like the paper's Table 4: AUC and GAUC per task
/// in percent, mean ± std over seeds, the CVR AUC difference to MMoE (the paper's reference for
/// AdaFTR), and the oracle AUC of synthetic data.
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
        text.AppendLine($" Δ {tasks[last].ToUpperInvariant()} AUC vs MMoE | s/run |");
        text.Append("|---|---|");
        foreach (var _ in tasks) text.Append("---:|---:|");
        text.AppendLine("---:|---:|");
        foreach (var s in summaries)
        {
            text.Append($"| {s.Arm.Name} | {s.Arm.Group} |");
            for (int t = 0; t < tasks.Count; t++) text.Append($" {Percent(s.Auc[t])} | {Percent(s.Gauc[t])} |");
            string delta = reference is null ? "" : Signed((s.Auc[last].Mean - reference.Auc[last].Mean) * 100);
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

    private static string Percent(SeedStatistic s) =>
        double.IsNaN(s.Mean) ? "n/a" : double.IsNaN(s.Std) ? Number(s.Mean * 100, "F3") : $"{Number(s.Mean * 100, "F3")} ± {Number(s.Std * 100, "F3")}";

    private static string Signed(double value) => double.IsNaN(value) ? "n/a" : value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);

    private static string Number(double value, string format = "G") => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}
