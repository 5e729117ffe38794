using AdaFtr.Checkpoints;
using AdaFtr.Grains;

namespace AdaFtr.Coordinator.Tests;

/// <summary>`adaftr checkpoints delete` never removes the last good copy by accident: it asks for --yes, and for --force on the checkpoint a running job or a schedule's champion needs.</summary>
[Trait("Category", "StorageFault")]
public sealed class CheckpointDeleteGuardTests : IDisposable
{
    private readonly StoredCheckpoints _checkpoints = new();

    private Task<CliRun> Delete(params string[] args) => CliRun.Invoke(["checkpoints", "delete", "j", "--checkpoint-dir", _checkpoints.Store, .. args]);

    [Fact]
    public async Task Without_yes_it_says_what_it_would_delete_and_deletes_nothing()
    {
        await _checkpoints.PublishAsync("j", 10, 20);

        var run = await Delete("--all");

        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.Error.Should().Contain("would delete").And.Contain(Path.Combine(_checkpoints.Store, "j")).And.Contain("steps 10, 20").And.Contain("--yes");
        Directory.Exists(_checkpoints.StepFolder("j", 10)).Should().BeTrue();
        Directory.Exists(_checkpoints.StepFolder("j", 20)).Should().BeTrue();

        (await Delete("--step", "10", "--yes")).ExitCode.Should().Be(0);
        Directory.Exists(_checkpoints.StepFolder("j", 10)).Should().BeFalse();
    }

    [Theory]
    [InlineData(JobState.Running)]
    [InlineData(JobState.Paused)]
    public async Task The_newest_verified_checkpoint_of_a_live_job_needs_force(JobState state)
    {
        await _checkpoints.PublishAsync("j", 10, 20);
        await _checkpoints.WriteHistoryAsync("j", state);

        foreach (var args in new[] { new[] { "--step", "20", "--yes" }, ["--all", "--yes"] })
        {
            var refused = await Delete(args);
            refused.ExitCode.Should().Be(ExitCodes.BadInput, refused.ToString());
            refused.Error.Should().Contain("step 20 is the newest verified checkpoint of job j").And.Contain(state.ToString().ToLowerInvariant()).And.Contain("--force");
            Directory.Exists(_checkpoints.StepFolder("j", 20)).Should().BeTrue();
        }
        (await Delete("--step", "10", "--yes")).ExitCode.Should().Be(0, "an older checkpoint is not the one the job resumes from");
        (await Delete("--step", "20", "--yes", "--force")).ExitCode.Should().Be(0);
        Directory.Exists(_checkpoints.StepFolder("j", 20)).Should().BeFalse();
    }

    [Fact]
    public async Task When_the_newest_checkpoint_is_corrupt_the_older_verified_one_is_the_one_guarded()
    {
        await _checkpoints.PublishAsync("j", 10, 20);
        await _checkpoints.WriteHistoryAsync("j", JobState.Running);
        _checkpoints.Corrupt("j", 20);

        var refused = await Delete("--step", "10", "--yes");
        refused.ExitCode.Should().Be(ExitCodes.BadInput, refused.ToString());
        refused.Error.Should().Contain("step 10 is the newest verified checkpoint");
        (await Delete("--step", "20", "--yes")).ExitCode.Should().Be(0, "a corrupt checkpoint is nobody's last good copy");
    }

    [Fact]
    public async Task A_schedules_champion_needs_force_and_a_finished_job_does_not()
    {
        await _checkpoints.PublishAsync("j", 10, 20);
        await _checkpoints.WriteHistoryAsync("j", JobState.Completed);
        await new ChampionMarker("nightly", "nightly-20261109T0200", "j", 10, DateTimeOffset.UtcNow).WriteAsync(_checkpoints.Open());

        var refused = await Delete("--step", "10", "--yes");
        refused.ExitCode.Should().Be(ExitCodes.BadInput, refused.ToString());
        refused.Error.Should().Contain("step 10 is schedule nightly's champion").And.Contain("--force");
        Directory.Exists(_checkpoints.StepFolder("j", 10)).Should().BeTrue();
        (await Delete("--step", "10", "--yes", "--force")).ExitCode.Should().Be(0);
        Directory.Exists(_checkpoints.StepFolder("j", 10)).Should().BeFalse();
    }

    [Fact]
    public async Task The_champion_markers_folder_is_no_job()
    {
        await _checkpoints.PublishAsync("j", 10);
        await new ChampionMarker("nightly", "nightly-20261109T0200", "j", 10, DateTimeOffset.UtcNow).WriteAsync(_checkpoints.Open());

        var list = await CliRun.Invoke("checkpoints", "list", "--checkpoint-dir", _checkpoints.Store);

        list.ExitCode.Should().Be(0, list.ToString());
        list.Output.Should().Contain("j ").And.NotContain(ChampionMarker.Folder);
    }

    public void Dispose() => _checkpoints.Dispose();
}
