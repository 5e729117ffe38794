namespace AdaFtr.Grains.Tests;

/// <summary>A job's record outlives its grain's activation: what ended stays ended.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Failover")]
public sealed class JobRecordTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_cancelled_job_activated_again_stays_cancelled_and_never_trains_again()
    {
        const JobState ending = JobState.Cancelled;
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: 400) with { KeepFinishedFor = TimeSpan.Zero };
        var job = fixture.Cluster.Client.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.StartAsync(spec);
        await JobWatch.UntilAsync(job, s => s.StepsApplied >= 3, "step 3");
        await job.CancelAsync();
        var settled = await JobWatch.SettledAsync(job);
        settled.State.Should().Be(ending, settled.Message);

        // KeepFinishedFor = 0 lets the grain go; a new activation has no losses in memory, only the record.
        var again = await Eventually.Until(job.GetStatusAsync, s => s.Losses.Count == 0, TimeSpan.FromSeconds(30), "a new activation of the job's grain");
        again.Losses.Should().BeEmpty("this is a new activation of the job's grain");
        again.State.Should().Be(ending);
        again.StepsApplied.Should().Be(settled.StepsApplied);
        again.Message.Should().Be(settled.Message);
        await Task.Delay(1000);
        (await job.GetStatusAsync()).Should().Match<JobStatus>(s => s.State == ending && s.StepsApplied == settled.StepsApplied);
        var restart = async () => await job.StartAsync(spec with { Steps = 401 });
        await restart.Should().ThrowAsync<Exception>().WithMessage($"*already {ending}*");
    }
}
