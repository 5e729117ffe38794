using Orleans.TestingHost;

namespace AdaFtr.Grains.Tests;

/// <summary>Three silos in this process, each with one CPU device, and a shard set of 4 shards.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;
    internal TrainingData Data { get; } = new(shards: 4);

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.AddAdaFtrTraining(["cpu"], allowFaults: true));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Data.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
