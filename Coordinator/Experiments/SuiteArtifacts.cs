using System.Globalization;
using System.Text;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>What a suite leaves in its output folder: the table (markdown), the chart (PNG) and every run's figures (CSV, for re-analysis).</summary>
public sealed record SuiteArtifacts(string Markdown, string Chart, string Runs)
{
    public static SuiteArtifacts Write(SuiteResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var artifacts = new SuiteArtifacts(Path.Combine(folder, "results.md"), Path.Combine(folder, "results.png"), Path.Combine(folder, "runs.csv"));
        File.WriteAllText(artifacts.Markdown, MarkdownTable.Render(result));
        ResultChart.Write(result, artifacts.Chart);
        File.WriteAllText(artifacts.Runs, RunsCsv(result));
        return artifacts;
    }

    private static string RunsCsv(SuiteResult result)
    {
        var csv = new StringBuilder("arm,group,seed,seconds,final_loss");
        foreach (var task in result.Tasks) csv.Append($",{task}_auc,{task}_gauc,{task}_logloss");
        csv.AppendLine();
        foreach (var run in result.Runs)
        {
            csv.Append(FormattableString.Invariant($"\"{run.Arm.Name}\",{run.Arm.Group},{run.Seed},{run.Seconds:F2},{run.FinalLoss:G6}"));
            foreach (var m in run.Metrics) csv.Append(FormattableString.Invariant($",{m.Auc:G6},{m.Gauc:G6},{m.LogLoss:G6}"));
            csv.AppendLine();
        }
        return csv.ToString();
    }
}
