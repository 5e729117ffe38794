namespace AdaFtr.Grains.Jobs;

/// <summary>Remembers which jobs started, in <see cref="JobStateStorage"/>: the list outlives the silo that held it.</summary>
public sealed class JobRegistryGrain([PersistentState("registry", JobStateStorage.Name)] IPersistentState<JobNames> state) : Grain, IJobRegistryGrain
{
    async Task IJobRegistryGrain.RegisterAsync(string jobId)
    {
        // A job that registers again (its grain revived it) runs again: it is no longer settled.
        if (state.State.Jobs.Contains(jobId) && !state.State.Settled.ContainsKey(jobId)) return;
        if (!state.State.Jobs.Contains(jobId)) state.State.Jobs.Add(jobId);
        state.State.Settled.Remove(jobId);
        await state.WriteStateAsync();
    }

    Task<IReadOnlyList<string>> IJobRegistryGrain.ListAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Jobs.ToList());

    async Task IJobRegistryGrain.SettledAsync(string jobId, DateTimeOffset utc)
    {
        if (!state.State.Jobs.Contains(jobId)) return;
        state.State.Settled[jobId] = utc;
        await state.WriteStateAsync();
    }

    Task<IReadOnlyList<string>> IJobRegistryGrain.RecentAsync(TimeSpan within)
    {
        var since = DateTimeOffset.UtcNow - within;
        return Task.FromResult<IReadOnlyList<string>>(state.State.Jobs.Where(j => !state.State.Settled.TryGetValue(j, out var at) || at >= since).ToList());
    }
}

/// <summary>What the job registry persists.</summary>
[GenerateSerializer, Alias("adaftr.JobNames")]
public sealed class JobNames
{
    [Id(0)] public List<string> Jobs { get; set; } = [];
    /// <summary>When each settled job settled; a job not here is running, paused or starting.</summary>
    [Id(1)] public Dictionary<string, DateTimeOffset> Settled { get; set; } = [];
}
