using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Tests;

/// <summary>`adaftr schedule` refuses what cannot work before it reaches a cluster (the address here leads nowhere).</summary>
[Trait("Category", "Schedule")]
public sealed class ScheduleCommandTests : IDisposable
{
    private const string Nowhere = "redis://127.0.0.1:9";
    private readonly string _dataset = Directory.CreateTempSubdirectory("adaftr-schedule-cli-").FullName;

    /// <summary>One small ecomm-ads-like day, the newest partition the default model is fitted to.</summary>
    private string WithOneDay()
    {
        var day = new EcommAdsLikeGenerator(EcommAdsLikeGenerator.Defaults(50)).Days(new DateOnly(2026, 11, 1), 1)[0];
        ShardSetWriter.Write(day.Rows, new LocalDirectoryStore(Path.Combine(_dataset, day.Folder)), new ShardWriteOptions());
        return _dataset;
    }

    [Fact]
    public async Task Help_shows_examples_of_every_verb()
    {
        var run = await CliRun.Invoke("schedule", "--help");
        run.ExitCode.Should().Be(0);
        foreach (var verb in new[] { "schedule add", "schedule list", "schedule runs", "schedule update", "schedule remove" })
            run.Output.Should().Contain($"adaftr {verb} ");
    }

    [Fact]
    public async Task A_bad_cron_field_is_named()
    {
        var run = await CliRun.Invoke("schedule", "add", "--cluster", Nowhere, "--cron", "0 25 * * *", "--dataset", _dataset);
        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.Error.Should().Contain("--cron").And.Contain("hour field '25'");
    }

    [Fact]
    public async Task An_unknown_time_zone_says_what_to_write()
    {
        var run = await CliRun.Invoke("schedule", "add", "--cluster", Nowhere, "--cron", "0 2 * * *", "--dataset", _dataset, "--time-zone", "CEST");
        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.Error.Should().Contain("--time-zone: time zone 'CEST' is not known here").And.Contain("Europe/Berlin");
    }

    [Theory]
    [InlineData("--window", "7x")]
    [InlineData("--test", "0d")]
    public async Task A_day_count_must_be_whole_days(string option, string value)
    {
        var run = await CliRun.Invoke("schedule", "add", "--cluster", Nowhere, "--cron", "0 2 * * *", "--dataset", _dataset, option, value);
        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.Error.Should().Contain($"{option}: '{value}' is not a number of days").And.Contain("7d");
    }

    [Fact]
    public async Task A_dataset_without_days_says_how_to_make_them()
    {
        var run = await CliRun.Invoke("schedule", "add", "--cluster", Nowhere, "--cron", "0 2 * * *", "--dataset", _dataset);
        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain("--dataset").And.Contain("day=YYYY-MM-DD").And.Contain("--model").And.Contain("adaftr data synth");
    }

    [Fact]
    public async Task An_unknown_metric_lists_the_models_metrics()
    {
        var run = await CliRun.Invoke("schedule", "add", "--cluster", Nowhere, "--cron", "0 2 * * *", "--dataset", WithOneDay(), "--metric", "cvr_accuracy");
        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain("--metric: 'cvr_accuracy'").And.Contain("ctr_auc").And.Contain("view_logloss");
    }

    [Fact]
    public async Task A_batch_that_does_not_split_over_the_workers_is_refused()
    {
        var run = await CliRun.Invoke("schedule", "add", "--cluster", Nowhere, "--cron", "0 2 * * *", "--dataset", WithOneDay(), "--workers", "3", "--batch-size", "1000");
        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.Error.Should().Contain("--batch-size").And.Contain("multiple of --workers");
    }

    [Fact]
    public async Task Runs_needs_a_schedule_name()
    {
        var run = await CliRun.Invoke("schedule", "runs", "--cluster", Nowhere);
        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
    }

    public void Dispose() => Directory.Delete(_dataset, recursive: true);
}
