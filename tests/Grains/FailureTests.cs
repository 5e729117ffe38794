using AdaFtr.Grains.Jobs;

namespace AdaFtr.Grains.Tests;

[Collection(ClusterCollection.Name)]
[Trait("Category", "Failover")]
public sealed class FailureTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_worker_that_throws_is_retried_and_the_result_does_not_change()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: 12) with { Faults = [new InjectedFault(1, 5, FaultKind.Throw)] };
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.State.Should().Be(JobState.Completed, status.Message);
        status.StepRetries.Should().Be(1);
        JobRuns.MaxDifference(await JobRuns.Parameters(fixture.Cluster.Client, spec.JobId), JobRuns.LocalReference(spec, 12)).Should().BeLessThanOrEqualTo(1e-5);
    }

    [Fact]
    public async Task A_worker_past_the_barrier_timeout_is_retried_and_the_step_applied_once()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: 8) with
        {
            BarrierTimeout = TimeSpan.FromSeconds(1),
            Faults = [new InjectedFault(0, 4, FaultKind.Hang, TimeSpan.FromSeconds(3))],
            TrackSampleIds = true,
        };
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.State.Should().Be(JobState.Completed, status.Message);
        status.StepRetries.Should().BeGreaterThanOrEqualTo(1);
        var samples = await fixture.Cluster.Client.GetGrain<ITrainingJobGrain>(spec.JobId).GetAppliedSamplesAsync();
        samples.Values.SelectMany(s => s).Should().HaveCount(2 * 16 * 8).And.OnlyHaveUniqueItems();
        JobRuns.MaxDifference(await JobRuns.Parameters(fixture.Cluster.Client, spec.JobId), JobRuns.LocalReference(spec, 8)).Should().BeLessThanOrEqualTo(1e-5);
    }

    [Fact]
    public async Task A_NaN_push_rejects_the_step_and_pauses_the_job_naming_worker_and_tensor()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: 10) with { Faults = [new InjectedFault(1, 3, FaultKind.NaNGradient)] };
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.State.Should().Be(JobState.Paused);
        status.StepsApplied.Should().Be(2, "step 3 was rejected, not applied");
        status.Message.Should().Contain("worker 1").And.Contain("NaN/Inf").And.Contain("step 3").And.MatchRegex("'[a-z_.0-9]+'");

        var job = fixture.Cluster.Client.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.ResumeAsync();   // the fault fires once: the retried step is clean
        status = await JobWatch.SettledAsync(job, TimeSpan.FromMinutes(2));
        status.State.Should().Be(JobState.Completed, status.Message);
        JobRuns.MaxDifference(await JobRuns.Parameters(fixture.Cluster.Client, spec.JobId), JobRuns.LocalReference(spec, 10)).Should().BeLessThanOrEqualTo(1e-5);
    }

    [Fact]
    public async Task A_worker_that_keeps_failing_pauses_the_job_with_the_reason()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: 5) with
        {
            MaxStepAttempts = 1,
            Faults = [new InjectedFault(0, 2, FaultKind.Throw)],
        };
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.State.Should().Be(JobState.Paused);
        status.StepsApplied.Should().Be(1);
        status.Message.Should().Contain("step 2 failed").And.Contain("worker 0").And.Contain("injected fault");
    }
}
