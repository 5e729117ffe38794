using AdaFtr.Checkpoints;

namespace AdaFtr.Grains.Tests;

[Collection(CheckpointCollection.Name)]
[Trait("Category", "Resume")]
public sealed class CheckpointTests : IDisposable
{
    private readonly TrainingData _data = new(shards: 4);

    private JobSpec Spec(CheckpointStoreKind store, long steps) => JobRuns.Spec(_data, workers: 2, shards: 2, steps: steps) with
    {
        CheckpointStore = store.Location,
        CheckpointEverySteps = 2,
        CheckpointRetryBackoff = TimeSpan.FromMilliseconds(100),
    };

    [Theory]
    [Trait("Category", "Resume")]
    [InlineData("directory")]
    [InlineData("azurite")]
    public async Task Training_resumed_in_a_new_cluster_equals_uninterrupted_training(string kind)
    {
        using var store = CheckpointStoreKind.Create(kind);
        var spec = Spec(store, steps: 5);
        var (first, _) = await ClusterLife.RunAsync(spec);
        first.State.Should().Be(JobState.Completed, first.Message);
        first.LastCheckpoint.Should().Be(5);

        var longer = spec with { Steps = 9 };
        var (second, parameters) = await ClusterLife.RunAsync(longer);
        second.State.Should().Be(JobState.Completed, second.Message);
        second.ResumedFrom.Should().Be(5, "the newest checkpoint is the one the first cluster wrote when it finished");
        JobRuns.MaxDifference(parameters, JobRuns.LocalReference(longer, 9)).Should().BeLessThanOrEqualTo(1e-5);
    }

    [Fact]
    [Trait("Category", "StorageFault")]
    public async Task A_flipped_byte_in_a_shard_file_is_refused_and_the_previous_checkpoint_is_used()
    {
        using var store = CheckpointStoreKind.Create("directory");
        var spec = Spec(store, steps: 4);
        (await ClusterLife.RunAsync(spec)).Status.State.Should().Be(JobState.Completed);
        var shardFile = Path.Combine(store.Location, spec.JobId, "0000000004", "ps1.safetensors");
        var bytes = await File.ReadAllBytesAsync(shardFile);
        bytes[^3] ^= 0x01;
        await File.WriteAllBytesAsync(shardFile, bytes);

        var refused = new List<string>();
        var found = await new CheckpointCatalog(store.Open()).NewestValidAsync(spec.JobId, (step, why) => refused.Add($"{step}: {why}"));
        found!.Manifest.Step.Should().Be(2);
        refused.Should().ContainSingle().Which.Should().Contain("4: ").And.Contain("ps1.safetensors").And.Contain("SHA-256").And.Contain("corrupt");

        var longer = spec with { Steps = 6 };
        var (status, parameters) = await ClusterLife.RunAsync(longer);
        status.State.Should().Be(JobState.Completed, status.Message);
        status.ResumedFrom.Should().Be(2);
        JobRuns.MaxDifference(parameters, JobRuns.LocalReference(longer, 6)).Should().BeLessThanOrEqualTo(1e-5);
    }

    [Theory]
    [Trait("Category", "StorageFault")]
    [InlineData("directory")]
    [InlineData("azurite")]
    public async Task A_manifest_written_by_a_concurrent_writer_is_not_overwritten(string kind)
    {
        using var store = CheckpointStoreKind.Create(kind);
        var spec = Spec(store, steps: 4);
        var theirs = "{\"written_by\":\"another coordinator\"}"u8.ToArray();
        var name = CheckpointLayout.Path(spec.JobId, 2, CheckpointLayout.ManifestName);
        (await store.Open().TryCreateNewAsync(name, theirs)).Should().BeTrue();

        var publisher = new CheckpointPublisher(store.Open(), spec, (_, _, error) => throw error);
        var ours = await publisher.PublishAsync(2, [], new CheckpointProgress(2, [null, null], [0.5, 0.4]), new Dictionary<string, double>());

        ours.Should().BeFalse();
        (await store.Open().ReadAsync(name)).Should().Equal(theirs);
    }

    [Fact]
    [Trait("Category", "StorageFault")]
    public async Task Azurite_stopped_during_uploads_costs_checkpoints_not_training_and_none_is_listed_valid()
    {
        using var store = CheckpointStoreKind.Create("azurite");
        var spec = Spec(store, steps: 40) with { CheckpointUploadAttempts = 3 };
        var catalog = new CheckpointCatalog(store.Open());

        await using var cluster = await ClusterLife.StartAsync();
        var job = cluster.Client.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.StartAsync(spec);
        var status = await JobWatch.UntilAsync(job, s => s.LastCheckpoint >= 2, "a first checkpoint published");
        store.Azurite!.Stop();
        long stoppedAfter = (await job.GetStatusAsync()).StepsApplied;   // read after the outage began: later checkpoints cannot have been stored

        status = await JobWatch.UntilAsync(job, s => s.IsFinished, "the job finished while storage was down");
        status.State.Should().Be(JobState.Completed, status.Message);
        status.StepsApplied.Should().Be(40);
        status.CheckpointsGivenUp.Should().BeGreaterThanOrEqualTo(1, "the final checkpoint at least fell in the outage");

        store.Azurite.Start();
        var listed = (await catalog.ManifestsAsync(spec.JobId)).Select(m => m.Step).ToList();
        listed.Should().NotContain(40).And.OnlyContain(step => step <= stoppedAfter, "no checkpoint begun after the outage may have a manifest");
        (await catalog.NewestValidAsync(spec.JobId, (_, _) => { }))!.Manifest.Step.Should().Be(listed.Max());
    }

    [Fact]
    [Trait("Category", "Resume")]
    public async Task A_job_grain_that_reactivates_in_a_new_cluster_resumes_by_itself_from_the_cluster_store()
    {
        using var store = CheckpointStoreKind.Create("directory");
        var spec = Spec(store, steps: 8);
        long paused;
        await using (var first = await ClusterLife.StartAsync())
        {
            var job = first.Client.GetGrain<ITrainingJobGrain>(spec.JobId);
            await job.StartAsync(spec);
            await JobWatch.UntilAsync(job, s => s.LastCheckpoint >= 2, "a first checkpoint published");
            await job.PauseAsync();
            paused = (await JobWatch.UntilAsync(job, s => s.State == JobState.Paused, "the pause")).StepsApplied;
        }
        paused.Should().BeLessThan(8, "the first cluster must die before the job ends");

        await using var second = await ClusterLife.StartAsync(clusterStore: store.Location);
        // No StartAsync: any call wakes the grain, and it finds its own checkpoint.
        var status = await JobWatch.UntilAsync(second.Client.GetGrain<ITrainingJobGrain>(spec.JobId), s => s.State == JobState.Completed, "the job to finish by itself");
        status.ResumedFrom.Should().BeGreaterThanOrEqualTo(2);
        JobRuns.MaxDifference(await JobRuns.Parameters(second.Client, spec.JobId), JobRuns.LocalReference(spec, 8)).Should().BeLessThanOrEqualTo(1e-5);
    }

    public void Dispose() => _data.Dispose();
}
