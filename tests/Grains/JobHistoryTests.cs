using AdaFtr.Checkpoints;

namespace AdaFtr.Grains.Tests;

/// <summary>The job leaves its history in its checkpoint store: when it pauses, at checkpoints, and when it completes.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Resume")]
public sealed class JobHistoryTests(ClusterFixture fixture) : IDisposable
{
    private readonly CheckpointStoreKind _store = CheckpointStoreKind.Create("directory");

    [Theory]
    [InlineData("directory")]
    [InlineData("azurite")]
    public async Task The_history_is_written_when_the_job_pauses_and_again_when_it_completes(string kind)
    {
        using var store = CheckpointStoreKind.Create(kind);
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: 8) with
        {
            CheckpointStore = store.Location,
            CheckpointEverySteps = 2,
            CheckpointKeepLast = 10,   // nothing deleted: the store holds every checkpoint published
            EvalShardDirectory = fixture.Data.Directory,
            EvalEverySteps = 4,
            Faults = [new InjectedFault(1, 5, FaultKind.NaNGradient)],
        };
        var paused = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        paused.State.Should().Be(JobState.Paused);
        var atPause = await HistoryWhen(store, spec.JobId, h => h.State == JobState.Paused);
        atPause.StepsApplied.Should().Be(4);
        atPause.Message.Should().Be(paused.Message);
        atPause.Losses.Should().Equal(paused.Losses);
        atPause.Evaluations.Should().BeEquivalentTo(paused.Evaluations);
        atPause.EndedUtc.Should().NotBeNull();
        atPause.Spec!.Workers.Should().Be(2);
        atPause.Spec.ParameterShards.Should().Be(2);
        atPause.Spec.Steps.Should().Be(8);

        var job = fixture.Cluster.Client.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.ResumeAsync();   // the fault fires once: the retried step is clean
        var done = await JobWatch.SettledAsync(job, TimeSpan.FromMinutes(2));
        done.State.Should().Be(JobState.Completed, done.Message);

        // Written before the job reports Completed: no wait needed.
        var completed = (await JobHistory.ReadAsync(store.Open(), spec.JobId))!;
        completed.State.Should().Be(JobState.Completed);
        completed.StepsApplied.Should().Be(8);
        completed.Losses.Should().Equal(done.Losses);
        completed.Evaluations.Should().BeEquivalentTo(done.Evaluations);
        completed.Evaluations.Select(e => e.Step).Distinct().Should().Equal(4, 8);
        completed.Checkpoints[^1].CreatedUtc.Should().Be(done.LastCheckpointUtc);
        completed.EndedUtc.Should().BeOnOrAfter(completed.StartedUtc);
        completed.StepsPerSecond.Should().Be(done.StepsPerSecond);
        // Which boundaries checkpoint depends on upload speed (a due one waits while the last still uploads): compare with the store.
        var manifests = (await new CheckpointCatalog(store.Open()).ManifestsAsync(spec.JobId)).OrderBy(m => m.Step).ToList();
        completed.Checkpoints.Select(c => c.Step).Should().Equal(manifests.Select(m => m.Step)).And.Contain(8);
        foreach (var (recorded, manifest) in completed.Checkpoints.Zip(manifests))
            recorded.CreatedUtc.Should().BeOnOrAfter(manifest.CreatedUtc).And.BeCloseTo(manifest.CreatedUtc, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_history_that_cannot_be_written_does_not_stop_training()
    {
        // history.json is a folder here: every write of it fails, while checkpoints (other names) succeed.
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: 4) with { CheckpointStore = _store.Location, CheckpointEverySteps = 2 };
        Directory.CreateDirectory(Path.Combine(_store.Location, spec.JobId, JobHistory.FileName, "blocked"));
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.State.Should().Be(JobState.Completed, status.Message);
        status.LastCheckpoint.Should().Be(4);
    }

    [Fact]
    [Trait("Category", "Resume")]
    public async Task A_resumed_job_keeps_the_evaluations_and_checkpoints_of_its_earlier_run()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: 4) with
        {
            CheckpointStore = _store.Location,
            CheckpointEverySteps = 2,
            EvalShardDirectory = fixture.Data.Directory,
            EvalEverySteps = 2,
        };
        var (first, _) = await ClusterLife.RunAsync(spec);
        first.State.Should().Be(JobState.Completed, first.Message);
        var before = (await JobHistory.ReadAsync(_store.Open(), spec.JobId))!;

        var (second, _) = await ClusterLife.RunAsync(spec with { Steps = 6 });   // a new cluster: only the store remembers
        second.State.Should().Be(JobState.Completed, second.Message);
        second.ResumedFrom.Should().Be(4);
        second.Evaluations.Select(e => e.Step).Distinct().Should().Equal(2, 4, 6);
        second.Evaluations.Where(e => e.Step <= 4).Should().BeEquivalentTo(first.Evaluations);
        var after = (await JobHistory.ReadAsync(_store.Open(), spec.JobId))!;
        after.ResumedFrom.Should().Be(4);
        after.Losses.Should().Equal(second.Losses).And.StartWith(first.Losses);
        after.Checkpoints.Select(c => c.Step).Should().Equal(2, 4, 6);
        after.Checkpoints.Take(2).Should().Equal(before.Checkpoints);
        second.LastCheckpointUtc.Should().Be(after.Checkpoints[^1].CreatedUtc);
    }

    /// <summary>The stored history once it satisfies <paramref name="ready"/>: a pause is recorded just after it is reported.</summary>
    private static async Task<JobHistory> HistoryWhen(CheckpointStoreKind store, string job, Func<JobHistory, bool> ready)
    {
        var history = await Eventually.Until(() => JobHistory.ReadAsync(store.Open(), job), h => h is not null && ready(h), TimeSpan.FromSeconds(30),
            $"job {job}'s history in {store.Location}");
        return history!;
    }

    public void Dispose() => _store.Dispose();
}
