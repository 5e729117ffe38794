namespace AdaFtr.Grains.Jobs;

/// <summary>Remembers which jobs started, in <see cref="JobStateStorage"/>: the list outlives the silo that held it.</summary>
public sealed class JobRegistryGrain([PersistentState("registry", JobStateStorage.Name)] IPersistentState<JobNames> state) : Grain, IJobRegistryGrain
{
    async Task IJobRegistryGrain.RegisterAsync(string jobId)
    {
        if (state.State.Jobs.Contains(jobId)) return;
        state.State.Jobs.Add(jobId);
        await state.WriteStateAsync();
    }

    Task<IReadOnlyList<string>> IJobRegistryGrain.ListAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Jobs.ToList());
}

/// <summary>What the job registry persists.</summary>
[GenerateSerializer, Alias("adaftr.JobNames")]
public sealed class JobNames
{
    [Id(0)] public List<string> Jobs { get; set; } = [];
}
