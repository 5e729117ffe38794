namespace AdaFtr.Grains.Schedules;

/// <summary>The names of the cluster's schedules, in grain storage: the schedules themselves live in their own grains.</summary>
public sealed class ScheduleRegistryGrain([PersistentState("registry", ScheduleOptions.StorageName)] IPersistentState<ScheduleNames> state) : Grain, IScheduleRegistryGrain
{
    async Task IScheduleRegistryGrain.AddAsync(string name)
    {
        if (state.State.Names.Contains(name)) return;
        state.State.Names.Add(name);
        await state.WriteStateAsync();
    }

    async Task IScheduleRegistryGrain.RemoveAsync(string name)
    {
        if (!state.State.Names.Remove(name)) return;
        await state.WriteStateAsync();
    }

    Task<IReadOnlyList<string>> IScheduleRegistryGrain.ListAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Names.ToList());
}
