namespace AdaFtr.Grains.Tests;

/// <summary>A settled job's parameter shards and workers leave memory after KeepFinishedFor; a daily schedule would pile them up otherwise.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Grains")]
public sealed class FinishedJobReleaseTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_completed_job_keeps_its_shards_for_KeepFinishedFor_and_zero_lets_them_go()
    {
        var kept = JobRuns.Spec(fixture.Data, workers: 2, steps: 3);
        var released = JobRuns.Spec(fixture.Data, workers: 2, steps: 3) with { KeepFinishedFor = TimeSpan.Zero };
        foreach (var spec in new[] { kept, released })
            (await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec)).State.Should().Be(JobState.Completed);

        (await Version(kept.JobId)).Should().Be(3, "the default keeps a finished job's shards for an hour");
        // A new activation of a released shard starts uninitialised (version −1).
        await Eventually.Until(() => Version(released.JobId), version => version == -1, TimeSpan.FromSeconds(30),
            "a released shard's new activation (KeepFinishedFor = 0 lets the shard go as soon as it is idle)");
        (await Version(kept.JobId)).Should().Be(3);
    }

    private async Task<long> Version(string job) =>
        (await fixture.Cluster.Client.GetGrain<IParameterServerGrain>(GrainKeys.ParameterShard(job, 0)).GetInfoAsync()).Version;
}
