using System.Text.Json;

namespace AdaFtr.Coordinator.Tests;

[Trait("Category", "Cli")]
[Collection(TorchCollection.Name)]
public sealed class CliTests
{
    [Fact]
    public async Task An_unknown_verb_is_a_usage_error()
    {
        var run = await CliRun.Invoke("trian");
        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("trian").And.Contain("run `adaftr --help`");
        run.Output.Should().Contain("train", "the nearest verb is suggested").And.NotContain("Description:", "the whole help page would scroll the mistake away");
    }

    [Fact]
    public async Task An_unknown_flag_is_a_usage_error()
    {
        var run = await CliRun.Invoke("train", "--stepz", "3");
        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("--stepz").And.Contain("run `adaftr train --help`");
        run.Output.Should().Contain("--steps").And.NotContain("Description:");
    }

    [Fact]
    public async Task Cluster_up_refuses_a_checkpoint_store_without_a_container_before_starting_anything()
    {
        var stateDir = Directory.CreateTempSubdirectory("adaftr-cluster-").FullName;
        try
        {
            var run = await CliRun.Invoke("cluster", "up", "--silos", "1", "--state-dir", stateDir, "--checkpoints", "az://");
            run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
            run.Error.Should().Contain("--checkpoints:").And.Contain("container");
            File.Exists(Path.Combine(stateDir, "cluster.json")).Should().BeFalse("nothing was started");
        }
        finally { Directory.Delete(stateDir, recursive: true); }
    }

    [Fact]
    public async Task Help_teaches_with_examples()
    {
        var run = await CliRun.Invoke("train", "--help");
        run.ExitCode.Should().Be(0);
        run.Output.Should().Contain("Examples:").And.Contain("--checkpoint-dir").And.Contain("--batch-size");
    }

    [Fact]
    public async Task Doctor_reports_libtorch_loaded_and_the_native_fix_state()
    {
        var folder = Directory.CreateTempSubdirectory("adaftr-doctor-").FullName;
        var run = await CliRun.Invoke("doctor", "--json", "--checkpoint-dir", folder);
        run.ExitCode.Should().Be(0, run.ToString());
        var report = JsonDocument.Parse(run.Output).RootElement;
        report.GetProperty("libtorch").GetString().Should().StartWith("2.");
        report.GetProperty("backend").GetString().Should().Be("cpu");
        report.GetProperty("threads").GetInt32().Should().BeGreaterThan(0);
        report.GetProperty("native_fix").GetProperty("outcome").GetString().Should().BeOneOf("Applied", "NotNeeded", "AlreadyApplied");
        report.GetProperty("checkpoint_store").GetProperty("writable").GetBoolean().Should().BeTrue();
        Directory.Delete(folder);
    }

    [Fact]
    public async Task Doctor_fails_with_advice_when_the_checkpoint_store_is_unwritable()
    {
        var file = Path.GetTempFileName();
        var run = await CliRun.Invoke("doctor", "--checkpoint-dir", Path.Combine(file, "x"));
        run.ExitCode.Should().Be(ExitCodes.Environment);
        run.Output.Should().Contain("problem:").And.Contain("--checkpoint-dir");
        File.Delete(file);
    }
}
