using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace AdaFtr.Coordinator.Training;

/// <summary>An Orleans client of a running cluster (<c>--cluster</c>, see <see cref="ClusterAddress"/>).</summary>
public sealed class RemoteCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private RemoteCluster(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <param name="address"><c>redis://HOST:PORT[?password=...]</c>, or <c>azure</c> with the connection string in the environment.</param>
    public static Task<RemoteCluster> ConnectAsync(string address, string clusterId, CancellationToken cancellationToken) =>
        ConnectAsync(ClusterAddress.Parse(address, Environment.GetEnvironmentVariable), clusterId, cancellationToken);

    public static async Task<RemoteCluster> ConnectAsync(ClusterAddress address, string clusterId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A silo that dies resets its connections: the command says so in one line of its own, not in socket traces.
        builder.Logging.AddFilter("Orleans.Runtime.Messaging", LogLevel.None);
        builder.Logging.AddFilter("Orleans.Networking", LogLevel.None);
        builder.Logging.AddFilter("Orleans.Runtime.CallbackData", LogLevel.None);   // "response did not arrive": a call to a dead silo's grain
        builder.UseOrleansClient(client =>
        {
            address.Configure(client);
            client.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = "adaftr"; });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new UserError($"--cluster: could not join cluster '{clusterId}' through {address.Display}: {e.Message}; is it up (adaftr cluster status) and is --cluster-id right?", ExitCodes.Environment);
        }
        return new RemoteCluster(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
