using System.CommandLine;
using System.Text.Json;
using AdaFtr.Coordinator.Commands.Checkpoints;
using AdaFtr.Coordinator.Reports;
using AdaFtr.Coordinator.Training;

namespace AdaFtr.Coordinator.Commands;

/// <summary><c>adaftr report JOB</c>: a job's curves (PNG) and summary (markdown, HTML) from the history it left in its checkpoint store.</summary>
public static class ReportCommand
{
    private static readonly Argument<string> Job = new("job") { Description = "The job id." };
    private static readonly Option<string?> Out = new("--out", "-o")
    {
        Description = "Folder for loss.png, eval.png, report.md and report.html. Default: reports/JOB.",
        HelpName = "DIR",
    };
    private static readonly Option<string?> Cluster = new("--cluster")
    {
        Description = $"Read the job's live status from this running cluster ({ClusterAddress.Help}) instead of its stored history.",
    };
    private static readonly Option<string> ClusterId = new("--cluster-id") { Description = "The cluster id of --cluster.", DefaultValueFactory = _ => "adaftr" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the files written as JSON, for scripts." };

    public static Command Create(TextWriter output)
    {
        var command = new Command("report", """
            Write a job's report: loss.png (loss per step and its moving average), eval.png (AUC and GAUC per task, when the job evaluated),
            report.md and report.html (spec, final metrics per task, timings, checkpoints; the HTML embeds the charts).
            The data come from {store}/{job}/history.json, which the job writes at every checkpoint and when it finishes, pauses or fails.

            Examples:
              adaftr report trial-1
              adaftr report trial-1 --checkpoints az://ckpt/runs --out /tmp/trial-1
              adaftr report nightly-2026-11-23 --cluster redis://127.0.0.1:6379   a job still running
            """)
        {
            Job, CheckpointsCommand.Store, Out, Cluster, ClusterId, Json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var job = CliJobId.Check(parsed.GetValue(Job), "job");
            var catalog = CheckpointsCommand.Catalog(parsed);
            JobReportData data;
            if (parsed.GetValue(Cluster) is { } address)
            {
                await using var cluster = await RemoteCluster.ConnectAsync(address, parsed.GetValue(ClusterId)!, cancellationToken);
                data = await JobReportData.LoadAsync(catalog, job, cluster.Grains, cancellationToken);
            }
            else data = await JobReportData.LoadAsync(catalog, job, null, cancellationToken);

            var folder = Path.GetFullPath(parsed.GetValue(Out) ?? Path.Combine("reports", job));
            try { Directory.CreateDirectory(folder); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UserError($"--out: cannot create {folder} ({e.Message}); pass a folder you can write to"); }
            var images = new List<ReportImage>();
            ReportCharts.WriteLoss(data.History, Path.Combine(folder, ReportCharts.LossName));
            images.Add(new ReportImage("Training loss", ReportCharts.LossName));
            if (ReportCharts.WriteEvaluations(data.History, Path.Combine(folder, ReportCharts.EvalName)))
                images.Add(new ReportImage("Evaluation", ReportCharts.EvalName));
            var document = JobReport.Build(data, images);
            var markdown = Path.Combine(folder, "report.md");
            var html = Path.Combine(folder, "report.html");
            await File.WriteAllTextAsync(markdown, MarkdownReport.Render(document), cancellationToken);
            await File.WriteAllTextAsync(html, HtmlReport.Render(document, folder), cancellationToken);

            var files = images.Select(i => Path.Combine(folder, i.File)).Append(markdown).Append(html).ToList();
            if (parsed.GetValue(Json))
                output.WriteLine(JsonSerializer.Serialize(new { job, state = data.History.State.ToString(), source = data.Source, files }));
            else
            {
                output.WriteLine($"report of job {job} ({data.History.State}, step {data.History.StepsApplied}) from {data.Source}:");
                foreach (var file in files) output.WriteLine($"  {file}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
