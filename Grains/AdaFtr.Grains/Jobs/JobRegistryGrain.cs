namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Remembers which jobs started, in memory: the job grains hold the state that matters, and a
/// job grain registers itself again whenever it is started.
/// </summary>
public sealed class JobRegistryGrain : Grain, IJobRegistryGrain
{
    private readonly List<string> _jobs = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.FromDays(365));
        return Task.CompletedTask;
    }

    Task IJobRegistryGrain.RegisterAsync(string jobId)
    {
        if (!_jobs.Contains(jobId)) _jobs.Add(jobId);
        return Task.CompletedTask;
    }

    Task<IReadOnlyList<string>> IJobRegistryGrain.ListAsync() => Task.FromResult<IReadOnlyList<string>>(_jobs.ToList());
}
