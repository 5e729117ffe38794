using Orleans.TestingHost;

namespace AdaFtr.Grains.Tests;

/// <summary>
/// One life of a cluster: a fresh one-silo cluster that runs a job until it settles, reads its
/// parameters and is torn down, losing every grain. The next life starts from storage alone.
/// </summary>
internal static class ClusterLife
{
    /// <param name="clusterStore">The silo's own checkpoint store (a reactivated job resumes from it by itself); null: none.</param>
    public static async Task<InProcessTestCluster> StartAsync(string? clusterStore = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddAdaFtrTraining(["cpu"], clusterStore, allowFaults: true));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static async Task<(JobStatus Status, Dictionary<string, float[]> Parameters)> RunAsync(JobSpec spec)
    {
        await using var cluster = await StartAsync();
        var status = await JobRuns.RunUntilSettled(cluster.Client, spec);
        return (status, status.State == JobState.Completed ? await JobRuns.Parameters(cluster.Client, spec.JobId) : []);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CheckpointCollection
{
    public const string Name = "checkpoints";
}
