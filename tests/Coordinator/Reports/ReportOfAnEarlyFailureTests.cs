using AdaFtr.Checkpoints;
using AdaFtr.Coordinator.Reports;
using AdaFtr.Grains;

namespace AdaFtr.Coordinator.Tests.Reports;

/// <summary>A job that failed before its first step left a history with no losses, evaluations or checkpoints: the report still says what it can.</summary>
[Trait("Category", "Cli")]
public sealed class ReportOfAnEarlyFailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-report-failed-").FullName;

    [Fact]
    public async Task A_history_without_steps_gives_a_loss_chart_no_eval_chart_and_the_reason()
    {
        var store = Path.Combine(_folder, "store");
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        var history = new JobHistory("early", JobState.Failed, "worker 0: shard part-0.shard is corrupt", null, started, started.AddSeconds(3), started.AddSeconds(3),
            0, 0, 3, 0, 0, 0, 0, [], [], []);
        await CheckpointStores.Open(store).WriteAsync(JobHistory.PathOf("early"), history.ToJson());

        var report = Path.Combine(_folder, "report");
        var run = await CliRun.Invoke("report", "early", "--checkpoints", store, "--out", report);
        run.ExitCode.Should().Be(ExitCodes.Ok, run.ToString());
        File.Exists(Path.Combine(report, ReportCharts.LossName)).Should().BeTrue();
        File.Exists(Path.Combine(report, ReportCharts.EvalName)).Should().BeFalse();
        var markdown = File.ReadAllText(Path.Combine(report, "report.md"));
        markdown.Should().Contain("Failed: worker 0: shard part-0.shard is corrupt").And.Contain("No evaluation").And.NotContain("](eval.png)");
        MarkdownTables.Rows(markdown, JobReport.CheckpointsTitle).Should().BeEmpty();
    }

    [Fact]
    public async Task A_history_with_recoveries_lists_each_with_its_step_and_time()
    {
        var store = Path.Combine(_folder, "store");
        var started = DateTimeOffset.Parse("2026-11-30T10:00:00Z");
        JobRecovery[] recoveries =
        [
            new(started.AddSeconds(20), "the job's grain (silo S10.0.0.1:11111:1)", 40, 3.4),
            new(started.AddSeconds(50), "parameter shards ps1, ps3", 80, 12.5),
        ];
        var history = new JobHistory("recovered", JobState.Completed, null, null, started, started.AddSeconds(90), started.AddSeconds(90),
            100, 80, 60, 1.5, 0, 0, 2, Enumerable.Repeat(0.5, 100).ToList(), [], [], recoveries);
        await CheckpointStores.Open(store).WriteAsync(JobHistory.PathOf("recovered"), history.ToJson());

        var report = Path.Combine(_folder, "report");
        var run = await CliRun.Invoke("report", "recovered", "--checkpoints", store, "--out", report);
        run.ExitCode.Should().Be(ExitCodes.Ok, run.ToString());
        MarkdownTables.Rows(File.ReadAllText(Path.Combine(report, "report.md")), JobReport.RecoveriesTitle).Should().BeEquivalentTo(new[]
        {
            new[] { "2026-11-30 10:00:20", "the job's grain (silo S10.0.0.1:11111:1)", "40", "3.4" },
            new[] { "2026-11-30 10:00:50", "parameter shards ps1, ps3", "80", "12.5" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void The_moving_average_is_the_mean_of_the_trailing_window()
    {
        var values = Enumerable.Range(0, 50).Select(i => Math.Sin(i) + i * 0.1).ToList();
        foreach (int window in new[] { 1, 3, 7, 60 })
        {
            var averaged = MovingAverage.Of(values, window);
            for (int i = 0; i < values.Count; i++)
                averaged[i].Should().BeApproximately(values.Skip(Math.Max(0, i - window + 1)).Take(Math.Min(i + 1, window)).Average(), 1e-12);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
