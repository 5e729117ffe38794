using AdaFtr.Coordinator.Cluster;

namespace AdaFtr.Integration.Tests;

/// <summary>
/// What a cluster of silo processes started by <c>adaftr cluster up</c> keeps its membership, job and schedule
/// state and reminders in. A scenario runs the same on each; the backend only adds flags and environment.
/// </summary>
public abstract class ClusterBackend : IDisposable
{
    /// <summary>The backend a test names (an xunit theory's data must be a plain value).</summary>
    public static ClusterBackend For(string name) => name switch
    {
        RedisClusterBackend.Name => new RedisClusterBackend(),
        AzureTableClusterBackend.Name => new AzureTableClusterBackend(),
        _ => throw new ArgumentException($"no cluster backend '{name}'; known: {RedisClusterBackend.Name}, {AzureTableClusterBackend.Name}", nameof(name)),
    };

    /// <summary>Flags appended to <c>adaftr cluster up</c>.</summary>
    public abstract IReadOnlyList<string> UpArguments { get; }

    /// <summary>Environment of every <c>adaftr</c> process of the test (secrets travel here, never in argv).</summary>
    public abstract IReadOnlyDictionary<string, string> AdaftrEnvironment { get; }

    /// <summary>The <c>--cluster</c> value of the cluster <c>up</c> recorded in <paramref name="state"/>.</summary>
    public abstract string ClientAddress(ClusterState state);

    public virtual void Dispose() { }
}
