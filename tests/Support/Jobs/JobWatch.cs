using AdaFtr.Grains;

namespace AdaFtr.Tests.Support;

/// <summary>
/// Waits for a job through its progress long poll (<see cref="ITrainingJobGrain.GetProgressAsync"/>): the status is
/// read again only when the job says something changed, never in a loop of its own. A timeout names what it waited
/// for and where the job was.
/// </summary>
public static class JobWatch
{
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(3);

    /// <summary>The job's status once <paramref name="done"/> holds; fails when it settles without (unless that is what was asked) or after the limit.</summary>
    public static async Task<JobStatus> UntilAsync(ITrainingJobGrain job, Func<JobStatus, bool> done, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        var cursor = ProgressCursor.Start;
        while (true)
        {
            var status = await job.GetStatusAsync();
            if (done(status)) return status;
            var left = deadline - DateTime.UtcNow;
            if (status.IsFinished || left <= TimeSpan.Zero)
                throw new TimeoutException($"waiting for {what}: job {status.JobId} is {status.State} at step {status.StepsApplied}/{status.Steps}, last checkpoint {status.LastCheckpoint}: {status.Message}");
            cursor = (await job.GetProgressAsync(cursor, left)).Next;
        }
    }

    /// <summary>The job's status once it completed, failed, was cancelled or paused.</summary>
    public static Task<JobStatus> SettledAsync(ITrainingJobGrain job, TimeSpan? limit = null) =>
        UntilAsync(job, s => s.IsFinished || s.State == JobState.Paused, "the job to settle", limit);
}
