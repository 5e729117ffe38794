namespace AdaFtr.Grains;

/// <summary>The cluster's list of jobs (one grain, key 0), for `adaftr jobs list` and the job page.</summary>
[Alias("adaftr.IJobRegistryGrain")]
public interface IJobRegistryGrain : IGrainWithIntegerKey
{
    [Alias("Register")] Task RegisterAsync(string jobId);

    /// <summary>Job ids in the order they started.</summary>
    [Alias("List")] Task<IReadOnlyList<string>> ListAsync();
}
