namespace AdaFtr.Integration.Tests;

/// <summary>The redis-server that <c>cluster up</c> starts and <c>cluster down</c> stops.</summary>
public sealed class RedisClusterBackend : ClusterBackend
{
    public override IReadOnlyList<string> UpArguments => [];
    public override IReadOnlyDictionary<string, string> UpEnvironment => new Dictionary<string, string>();
}
