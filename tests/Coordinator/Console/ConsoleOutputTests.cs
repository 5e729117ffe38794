using System.Text.Json;
using AdaFtr.Coordinator.Commands;
using AdaFtr.Coordinator.Console;
using AdaFtr.Grains;

namespace AdaFtr.Coordinator.Tests.Console;

/// <summary>What scripts and CI logs see: adaftr with its output redirected (here, captured by StringWriters).</summary>
[Trait("Category", "Cli")]
[Collection(TorchCollection.Name)]
public sealed class ConsoleOutputTests : IDisposable
{
    private const string Escape = "\u001b";
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-console-").FullName;

    [Fact]
    public async Task Redirected_training_prints_plain_progress_lines_and_list_tables_without_escape_codes()
    {
        var train = await CliRun.Invoke("train", "--steps", "20", "--log-every", "10", "--checkpoint-every", "10", "--checkpoint-dir", _folder, "--job", "c1");
        train.ExitCode.Should().Be(0, train.ToString());
        train.Output.Should().MatchRegex(@"(?m)^  step +10/20  loss \d+\.\d{4} +\d+\.\d steps/s$")
            .And.MatchRegex(@"(?m)^  step +20/20  loss \d+\.\d{4} +\d+\.\d steps/s$");

        var list = await CliRun.Invoke("checkpoints", "list", "c1", "--checkpoint-dir", _folder);
        list.ExitCode.Should().Be(0, list.ToString());
        list.Output.Should().MatchRegex(@"(?m)^job +step +created \(UTC\) +MB +metrics$")
            .And.MatchRegex(@"(?m)^c1 +20 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+\.\d\d +train_loss [0-9.]+")
            .And.MatchRegex(@"(?m)^c1 +10 ");

        var show = await CliRun.Invoke("checkpoints", "show", "c1", "--checkpoint-dir", _folder);
        show.Output.Should().Contain("verified: 3 files").And.MatchRegex(@"(?m)^ps0\.safetensors +\d+ +[0-9a-f]{64}$").And.MatchRegex(@"(?m)^step +20$");
        var json = await CliRun.Invoke("checkpoints", "show", "c1", "--step", "10", "--checkpoint-dir", _folder, "--json");
        JsonDocument.Parse(json.Output).RootElement.GetProperty("step").GetInt64().Should().Be(10);

        foreach (var run in new[] { train, list, show, json })
            (run.Output + run.Error).Should().NotContain(Escape, "redirected output is plain text");
    }

    [Fact]
    public async Task Data_inspect_shows_the_summary_and_a_field_table()
    {
        var run = await CliRun.Invoke("data", "inspect", Path.Combine(AppContext.BaseDirectory, "data", "ali-ccp", "ali_ccp_train_sample.csv"));
        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().MatchRegex(@"(?m)^rows +100$")
            .And.MatchRegex(@"(?m)^field +kind +ids +min +max +mean$")
            .And.MatchRegex(@"(?m)^101 +sparse +\d+$")
            .And.NotContain(Escape);
    }

    [Fact]
    public async Task A_redirected_error_is_one_plain_error_line()
    {
        var run = await CliRun.Invoke("train", "--data", Path.Combine(_folder, "missing.csv"), "--checkpoint-dir", _folder);
        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().StartWith("error: ").And.NotContain(Escape);
    }

    [Fact]
    public void The_job_list_is_a_table_of_id_state_progress_rate_and_loss()
    {
        static JobStatus Job(string id, JobState state, long applied, double rate, double[] losses) =>
            new(id, state, applied, 40, null, losses, [new WorkerLocation(0, "S127.0.0.1:11111:1", "cpu")], rate, 0, "S127.0.0.1:11111:1", 0, 0, []);
        var text = new StringWriter();
        JobViews.List(new CliConsole(text, new OutputStyle(false, false)),
            [Job("remote-1", JobState.Completed, 40, 12.5, [0.5, 0.1234]), Job("nightly-2026-11-23", JobState.Paused, 7, 3, [])]);

        text.ToString().Should().MatchRegex(@"(?m)^job +state +step +steps/s +loss$")
            .And.MatchRegex(@"(?m)^remote-1 +Completed +40/40 +12\.5 +0\.3117$", "the loss is the mean of the last 50 steps (TrainingLoss), here (0.5 + 0.1234) / 2")
            .And.MatchRegex(@"(?m)^nightly-2026-11-23 +Paused +7/40 +3\.0$");

        var status = new StringWriter();
        JobViews.Status(new CliConsole(status, new OutputStyle(false, false)), Job("remote-1", JobState.Running, 3, 1, [0.7]));
        status.ToString().Should().StartWith("job remote-1: Running, step 3/40").And.MatchRegex(@"(?m)^ +0 +S127\.0\.0\.1:11111:1 +cpu$");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
