namespace AdaFtr.Grains;

/// <summary>The cluster's list of jobs (one grain, key 0), for `adaftr jobs list` and the job page.</summary>
[Alias("adaftr.IJobRegistryGrain")]
public interface IJobRegistryGrain : IGrainWithIntegerKey
{
    [Alias("Register")] Task RegisterAsync(string jobId);

    /// <summary>Job ids in the order they started.</summary>
    [Alias("List")] Task<IReadOnlyList<string>> ListAsync();

    /// <summary>The job completed, failed or was cancelled at <paramref name="utc"/>.</summary>
    [Alias("Settled")] Task SettledAsync(string jobId, DateTimeOffset utc);

    /// <summary>The jobs not settled, and those settled within <paramref name="within"/>, in the order they started (for the job page).</summary>
    [Alias("Recent")] Task<IReadOnlyList<string>> RecentAsync(TimeSpan within);
}
