using System.Diagnostics;
using Xunit.Abstractions;

namespace AdaFtr.Grains.Tests;

/// <summary>Following a job through its progress long poll: every step once, no answer without news, a wait that waits.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Grains")]
public sealed class ProgressTests(ClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_follower_receives_each_step_exactly_once_and_no_answer_comes_without_news()
    {
        const int steps = 40;
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: steps);
        var job = fixture.Cluster.Client.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.StartAsync(spec);

        var cursor = ProgressCursor.Start;
        var received = new List<double>();
        var calls = 0;
        JobProgressUpdate update;
        do
        {
            update = await job.GetProgressAsync(cursor, TimeSpan.FromSeconds(10));
            calls++;
            update.KeptSteps.Should().Be(cursor.Step, "a run without failures never sends a step twice");
            update.Losses.Should().HaveCount((int)(update.Next.Step - cursor.Step));
            (update.Losses.Count > 0 || update.Now.State != cursor.State).Should().BeTrue($"answer {calls} brings a step or a change of state, not a repeat of cursor {cursor}");
            received.AddRange(update.Losses);
            cursor = update.Next;
        } while (!update.Now.IsFinished);

        update.Now.State.Should().Be(JobState.Completed, update.Now.Message);
        received.Should().Equal((await job.GetStatusAsync()).Losses, "every step's loss arrives once, in order");
        received.Should().HaveCount(steps);
        output.WriteLine($"{steps} steps followed in {calls} calls");
        calls.Should().BeLessThanOrEqualTo(steps + 2, "one call per batch of new steps, plus those that saw the job start running and settle");
    }

    [Fact]
    public async Task A_wait_on_a_paused_job_lasts_until_its_timeout_or_until_the_job_changes()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: 400);
        var job = fixture.Cluster.Client.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.StartAsync(spec);
        await JobWatch.UntilAsync(job, s => s.StepsApplied >= 3, "step 3");
        await job.PauseAsync();
        await JobWatch.UntilAsync(job, s => s.State == JobState.Paused, "the pause");
        var paused = (await job.GetProgressAsync(ProgressCursor.Latest, TimeSpan.Zero)).Next;

        var clock = Stopwatch.StartNew();
        var idle = await job.GetProgressAsync(paused, TimeSpan.FromSeconds(1));
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9), "nothing changed, so the call waited its second out");
        idle.Next.Should().Be(paused);
        idle.Losses.Should().BeEmpty();

        clock.Restart();
        var waiting = job.GetProgressAsync(paused, TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        waiting.IsCompleted.Should().BeFalse();
        await job.ResumeAsync();
        var resumed = await waiting;
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the resume wakes the waiting call");
        resumed.Now.State.Should().Be(JobState.Running);

        await job.CancelAsync();
        (await JobWatch.SettledAsync(job)).State.Should().Be(JobState.Cancelled);
    }
}
