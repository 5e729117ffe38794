using AdaFtr.Coordinator.Cluster;

namespace AdaFtr.Integration.Tests;

/// <summary>The redis-server that <c>cluster up</c> starts and <c>cluster down</c> stops.</summary>
public sealed class RedisClusterBackend : ClusterBackend
{
    public const string Name = "redis";

    public override IReadOnlyList<string> UpArguments => [];
    public override IReadOnlyDictionary<string, string> AdaftrEnvironment => new Dictionary<string, string>();
    public override string ClientAddress(ClusterState state) => $"redis://{state.Redis}";
}
