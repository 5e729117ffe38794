using System.Globalization;
using System.Text;
using AdaFtr.Coordinator.Plots;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// What a suite leaves in its output folder: the table (markdown), the chart (PNG), every run's
/// figures (CSV, for re-analysis), and for each arm with an adaptive τ on data with planted
/// relatedness a histogram of τ over the related and unrelated test rows, all seeds pooled (PNG).
/// </summary>
public sealed record SuiteArtifacts(string Markdown, string Chart, string Runs, IReadOnlyList<string> TauHistograms)
{
    public static SuiteArtifacts Write(SuiteResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        string markdown = Path.Combine(folder, "results.md"), chart = Path.Combine(folder, "results.png"), runs = Path.Combine(folder, "runs.csv");
        File.WriteAllText(markdown, MarkdownTable.Render(result));
        ResultChart.Write(result, chart);
        File.WriteAllText(runs, RunsCsv(result));
        var histograms = new List<string>();
        foreach (var arm in result.Runs.Where(r => r.Test.TauRelated.Length + r.Test.TauUnrelated.Length > 0).GroupBy(r => r.Arm.Name))
        {
            var first = arm.First().Arm.Objective;
            var path = Path.Combine(folder, $"tau-{FileNameOf(arm.Key)}.png");
            TauHistogramChart.Write(path, $"τ of {arm.Key} on the test rows ({arm.Count()} seeds pooled)",
                arm.SelectMany(r => r.Test.TauRelated).ToList(), arm.SelectMany(r => r.Test.TauUnrelated).ToList(), first.TauLower, first.TauUpper);
            histograms.Add(path);
        }
        return new SuiteArtifacts(markdown, chart, runs, histograms);
    }

    /// <summary>An arm's name as a file name: letters and digits kept (lower case), every other run of characters one dash.</summary>
    public static string FileNameOf(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
            if (char.IsAsciiLetterOrDigit(c)) text.Append(c);
            else if (text.Length > 0 && text[^1] != '-') text.Append('-');
        return text.ToString().TrimEnd('-');
    }

    private static string RunsCsv(SuiteResult result)
    {
        var csv = new StringBuilder("arm,group,seed,seconds,epochs,best_epoch,best_validation,samples,final_loss");
        foreach (var task in result.Tasks) csv.Append($",{task}_auc,{task}_gauc,{task}_logloss");
        csv.AppendLine(",cvr_clicked_auc,relatedness_auc");
        foreach (var run in result.Runs)
        {
            var t = run.Trace;
            csv.Append(FormattableString.Invariant($"\"{run.Arm.Name}\",{run.Arm.Group},{run.Seed},{run.Seconds:F2},{t.Epochs},{t.BestEpoch},{t.BestValidation:G6},{t.Samples},{t.FinalLoss:G6}"));
            foreach (var m in run.Metrics) csv.Append(FormattableString.Invariant($",{m.Auc:G6},{m.Gauc:G6},{m.LogLoss:G6}"));
            csv.AppendLine(FormattableString.Invariant($",{run.Test.CvrClickedAuc:G6},{run.Test.RelatednessAuc:G6}"));
        }
        return csv.ToString();
    }
}
