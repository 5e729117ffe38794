namespace AdaFtr.Grains.Jobs;

/// <summary>
/// How long a job's grains (the job, its workers, its parameter shards) ask Orleans to keep them: they hold the job's
/// state in memory and must not be collected by Orleans' idle age limit mid-job. Each leaves when the job releases
/// it (<see cref="JobSpec.KeepFinishedFor"/>) or, a worker, by its own idle check; never by that limit.
/// </summary>
public static class JobActivations
{
    public static readonly TimeSpan KeepWhileTheJobRuns = TimeSpan.FromDays(365);
}
