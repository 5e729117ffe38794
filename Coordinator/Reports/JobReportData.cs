using AdaFtr.Checkpoints;
using AdaFtr.Grains;

namespace AdaFtr.Coordinator.Reports;

/// <summary>What a report is made of: the job's history and the checkpoints its store holds now (newest first).</summary>
public sealed record JobReportData(JobHistory History, IReadOnlyList<CheckpointManifest> Checkpoints, string Source)
{
    /// <summary>
    /// The job's history from its store, or, with <paramref name="live"/>, its status from the cluster running it
    /// (the stored history, when there is one, still gives the spec and the start time).
    /// </summary>
    /// <exception cref="UserError">the job has no history in the store (and is not live): names the store and the jobs it holds.</exception>
    public static async Task<JobReportData> LoadAsync(CheckpointCatalog catalog, string job, IGrainFactory? live, CancellationToken cancellationToken)
    {
        var store = catalog.Store;
        var name = JobHistory.PathOf(job);
        JobHistory? stored;
        try { stored = await JobHistory.ReadAsync(store, job, cancellationToken); }
        catch (CheckpointException e) { throw new UserError(e.Message); }
        var checkpoints = await catalog.ManifestsAsync(job, cancellationToken);
        if (live is not null) return new(await Live(live, job, stored), checkpoints, "the live cluster");
        if (stored is null)
        {
            var jobs = await catalog.JobsAsync(cancellationToken);
            throw new UserError($"job {job} has no {JobHistory.FileName} in {store.Describe("")} (searched {store.Describe(name)}); " +
                                (jobs.Count == 0 ? "that store holds no jobs" : $"jobs there: {string.Join(", ", jobs)}") +
                                "; pass the store the job checkpointed to with --checkpoints, or --cluster for a job still running");
        }
        return new(stored, checkpoints, store.Describe(name));
    }

    private static async Task<JobHistory> Live(IGrainFactory grains, string job, JobHistory? stored)
    {
        if (!(await grains.GetGrain<IJobRegistryGrain>(0).ListAsync()).Contains(job))
            throw new UserError($"job '{job}' is not known to this cluster; `adaftr jobs list` shows the jobs it has");
        var status = await grains.GetGrain<ITrainingJobGrain>(job).GetStatusAsync();
        // The status has no clock: its step rate gives this run's training time.
        double seconds = status.StepsPerSecond > 0 ? (status.StepsApplied - status.ResumedFrom) / status.StepsPerSecond : 0;
        var started = stored?.StartedUtc ?? DateTimeOffset.UtcNow - TimeSpan.FromSeconds(seconds);
        return JobHistory.Of(status, status.State, stored?.Spec, started, status.IsFinished ? stored?.EndedUtc : null, seconds, stored?.Checkpoints ?? []);
    }
}
