namespace AdaFtr.Coordinator.Training;

/// <summary>Where a job runs: an embedded one-silo cluster, or a running cluster reached through its membership (Redis or Azure tables).</summary>
public sealed class TrainingCluster : IAsyncDisposable
{
    private readonly IAsyncDisposable _owner;

    private TrainingCluster(IGrainFactory grains, IAsyncDisposable owner)
    {
        Grains = grains;
        _owner = owner;
    }

    public IGrainFactory Grains { get; }

    public static async Task<TrainingCluster> OpenAsync(string? address, string clusterId, TextWriter output, CancellationToken cancellationToken)
    {
        if (address is null)
        {
            var silo = await EmbeddedSilo.StartAsync("cpu", cancellationToken);
            output.WriteLine($"  embedded silo: 127.0.0.1:{silo.Settings.SiloPort}, dashboard {silo.Settings.DashboardUrl}/dashboard");
            return new TrainingCluster(silo.Grains, silo);
        }
        var where = ClusterAddress.Parse(address, Environment.GetEnvironmentVariable);
        var remote = await RemoteCluster.ConnectAsync(where, clusterId, cancellationToken);
        output.WriteLine($"  cluster '{clusterId}' via {where.Display}");
        return new TrainingCluster(remote.Grains, remote);
    }

    public ValueTask DisposeAsync() => _owner.DisposeAsync();
}
