namespace AdaFtr.Grains;

/// <summary>The cluster's schedule names (one grain, key 0), kept in grain storage.</summary>
[Alias("adaftr.IScheduleRegistryGrain")]
public interface IScheduleRegistryGrain : IGrainWithIntegerKey
{
    [Alias("Add")] Task AddAsync(string name);
    [Alias("Remove")] Task RemoveAsync(string name);

    /// <summary>Names in the order they were added.</summary>
    [Alias("List")] Task<IReadOnlyList<string>> ListAsync();
}
