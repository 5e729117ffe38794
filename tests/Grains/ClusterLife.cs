using Orleans.TestingHost;

namespace AdaFtr.Grains.Tests;

/// <summary>
/// One life of a cluster: a fresh one-silo cluster that runs a job until it settles, reads its
/// parameters and is torn down, losing every grain. The next life starts from storage alone.
/// </summary>
internal static class ClusterLife
{
    public static async Task<(JobStatus Status, Dictionary<string, float[]> Parameters)> RunAsync(JobSpec spec)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddAdaFtrTraining(["cpu"], 1));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var status = await JobRuns.RunUntilSettled(cluster.Client, spec);
        return (status, status.State == JobState.Completed ? await JobRuns.Parameters(cluster.Client, spec.JobId) : []);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CheckpointCollection
{
    public const string Name = "checkpoints";
}
