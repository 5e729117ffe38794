using System.Globalization;
using System.Text.Json;
using AdaFtr.Checkpoints;
using AdaFtr.Coordinator.Reports;
using SkiaSharp;

namespace AdaFtr.Coordinator.Tests.Reports;

[Collection(TorchCollection.Name)]
[Trait("Category", "Cli")]
public sealed class ReportCommandTests(FinishedJob job) : IClassFixture<FinishedJob>
{
    private static double Number(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_report_has_decodable_charts_the_jobs_final_metrics_and_the_stores_checkpoints()
    {
        var folder = Path.Combine(job.Folder, "report-1");
        var run = await CliRun.Invoke("report", FinishedJob.Job, "--checkpoints", job.Store, "--out", folder);
        run.ExitCode.Should().Be(ExitCodes.Ok, run.ToString());

        foreach (var chart in new[] { ReportCharts.LossName, ReportCharts.EvalName })
        {
            using var image = SKBitmap.Decode(Path.Combine(folder, chart));
            image.Should().NotBeNull($"{chart} must decode as an image");
            (image.Width, image.Height).Should().Be((ReportCharts.Width, ReportCharts.Height));
            File.ReadAllBytes(Path.Combine(folder, chart)).Take(8).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
        }

        var markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        var final = job.Status.Evaluations.Where(e => e.Step == FinishedJob.Steps).ToList();
        final.Should().HaveCount(2);
        var metrics = MarkdownTables.Rows(markdown, JobReport.FinalMetricsTitle);
        metrics.Select(r => r[0]).Should().Equal(final.Select(e => e.Task));
        foreach (var (row, e) in metrics.Zip(final))
        {
            Number(row[1]).Should().BeApproximately(e.Auc, 5.1e-7);
            Number(row[2]).Should().BeApproximately(e.Gauc, 5.1e-7);
            Number(row[3]).Should().BeApproximately(e.LogLoss, 5.1e-7);
            long.Parse(row[4]).Should().Be(e.Rows);
        }

        // Retention kept the newest 2 (and the best): the table shows what the store holds, not every checkpoint written.
        var manifests = (await new CheckpointCatalog(CheckpointStores.Open(job.Store)).ManifestsAsync(FinishedJob.Job)).OrderBy(m => m.Step).ToList();
        manifests.Should().HaveCountGreaterThanOrEqualTo(2).And.Contain(m => m.Step == FinishedJob.Steps);
        var checkpoints = MarkdownTables.Rows(markdown, JobReport.CheckpointsTitle);
        checkpoints.Select(r => long.Parse(r[0])).Should().Equal(manifests.Select(m => m.Step));
        // A column per metric any manifest holds (train_loss, and the evaluation's where a checkpoint was taken at one), by name.
        var metricNames = manifests.SelectMany(m => m.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        metricNames.Should().Contain(["train_loss", "ctr_auc", "cvr_logloss"]);
        foreach (var (row, m) in checkpoints.Zip(manifests))
        {
            row[1].Should().Be(m.CreatedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            for (int c = 0; c < metricNames.Count; c++)
                if (m.Metrics.TryGetValue(metricNames[c], out var value)) Number(row[2 + c]).Should().BeApproximately(value, 5.1e-7, metricNames[c]);
                else row[2 + c].Should().BeEmpty();
            long.Parse(row[2 + metricNames.Count]).Should().Be(m.Files.Sum(f => f.Bytes));
        }
        markdown.Should().Contain("](loss.png)").And.Contain("](eval.png)").And.Contain("AdaFTR-Mmoe");

        // The HTML stands alone: the charts are inside it, byte for byte.
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        html.Should().Contain(Convert.ToBase64String(File.ReadAllBytes(Path.Combine(folder, ReportCharts.LossName))));
        html.Should().Contain(final[0].Auc.ToString("F6", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_unknown_job_names_the_store_searched_and_the_jobs_in_it()
    {
        var run = await CliRun.Invoke("report", "no-such-job", "--checkpoints", job.Store, "--out", Path.Combine(job.Folder, "never"));
        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain("no-such-job").And.Contain(Path.GetFullPath(job.Store)).And.Contain($"jobs there: {FinishedJob.Job}").And.NotContain("   at ");
        Directory.Exists(Path.Combine(job.Folder, "never")).Should().BeFalse();
    }

    [Fact]
    public async Task Json_output_lists_the_files_written()
    {
        var folder = Path.Combine(job.Folder, "report-json");
        var run = await CliRun.Invoke("report", FinishedJob.Job, "--checkpoints", job.Store, "--out", folder, "--json");
        run.ExitCode.Should().Be(ExitCodes.Ok, run.ToString());
        var files = JsonDocument.Parse(run.Output).RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToList();
        files.Select(Path.GetFileName).Should().BeEquivalentTo(["loss.png", "eval.png", "report.md", "report.html"]);
        files.Should().OnlyContain(f => File.Exists(f));
    }
}
