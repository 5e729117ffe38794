namespace AdaFtr.Coordinator.Training;

/// <summary>Where a job runs: an embedded one-silo cluster, or a running cluster reached through its membership (Redis or Azure tables).</summary>
public sealed class TrainingCluster : IAsyncDisposable
{
    private readonly IAsyncDisposable _owner;

    private TrainingCluster(IGrainFactory grains, IAsyncDisposable owner, string description)
    {
        Grains = grains;
        _owner = owner;
        Description = description;
    }

    public IGrainFactory Grains { get; }

    /// <summary>For the run's header, e.g. "embedded silo: 127.0.0.1:PORT, dashboard URL".</summary>
    public string Description { get; }

    public static async Task<TrainingCluster> OpenAsync(string? address, string clusterId, CancellationToken cancellationToken)
    {
        if (address is null)
        {
            var silo = await EmbeddedSilo.StartAsync("cpu", cancellationToken);
            return new TrainingCluster(silo.Grains, silo, $"embedded silo: 127.0.0.1:{silo.Settings.SiloPort}, dashboard {silo.Settings.DashboardUrl}/dashboard");
        }
        var where = ClusterAddress.Parse(address, Environment.GetEnvironmentVariable);
        var remote = await RemoteCluster.ConnectAsync(where, clusterId, cancellationToken);
        return new TrainingCluster(remote.Grains, remote, $"cluster '{clusterId}' via {where.Display}");
    }

    public ValueTask DisposeAsync() => _owner.DisposeAsync();
}
