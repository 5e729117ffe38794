using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using AdaFtr.Coordinator.Console;
using AdaFtr.Silo.Security;
using Orleans.Configuration;
using Orleans.Messaging;

namespace AdaFtr.Coordinator.Training;

/// <summary>
/// An Orleans client of a running cluster (<c>--cluster</c>, see <see cref="ClusterAddress"/>), with mutual TLS to the
/// gateways when the environment names the cluster certificate (<see cref="ClientCredentials"/>).
/// </summary>
public sealed class RemoteCluster : IAsyncDisposable
{
    private readonly IHost _host;

    /// <summary>How long Redis may take to list the cluster's gateways: it answers in milliseconds when it is up.</summary>
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(6);
    /// <summary>How long a listed gateway may take to accept the client: a silo busy training on every core can be slow to.</summary>
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    private RemoteCluster(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <param name="address"><c>redis[s]://HOST:PORT[?password=...]</c>, or <c>azure</c> with the connection string in the environment.</param>
    /// <param name="startingSilos">How long to wait for a first gateway to be listed, for silos just started (`cluster up`); by default none: the cluster must be up.</param>
    public static Task<RemoteCluster> ConnectAsync(string address, string clusterId, CancellationToken cancellationToken, TimeSpan startingSilos = default) =>
        ConnectAsync(ClusterAddress.Parse(address, Environment.GetEnvironmentVariable), clusterId, cancellationToken, startingSilos);

    public static async Task<RemoteCluster> ConnectAsync(ClusterAddress address, string clusterId, CancellationToken cancellationToken, TimeSpan startingSilos = default)
    {
        var certificate = ClientCredentials.FromEnvironment(Environment.GetEnvironmentVariable).Certificate;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();   // Ctrl-C is the command's (StopSignals)
        StderrLogs.Use(builder.Logging, LogLevel.Warning);
        // A silo that dies resets its connections: the command says so in one line of its own, not in socket traces.
        builder.Logging.AddFilter("Orleans.Runtime.Messaging", LogLevel.None);
        builder.Logging.AddFilter("Orleans.Networking", LogLevel.None);
        builder.Logging.AddFilter("Orleans.Runtime.CallbackData", LogLevel.None);   // "response did not arrive": a call to a dead silo's grain
        // A failed start, or no gateway for the cluster id, is the one line ConnectAsync throws, not a warning a second until then.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Logging.AddFilter("Orleans.Messaging.GatewayManager", LogLevel.Error);
        builder.UseOrleansClient(client =>
        {
            address.Configure(client);
            client.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = "adaftr"; });
            if (certificate is not null) client.UseClusterTls(certificate);
        });
        var host = builder.Build();
        var timeout = LookupTimeout;
        try
        {
            // The client would retry a Redis it cannot reach, and wait for gateways that are not there: asking Redis first makes those one line, fast.
            var gateways = host.Services.GetRequiredService<IGatewayListProvider>();
            await gateways.InitializeGatewayListProvider().WaitAsync(timeout, cancellationToken);
            for (var waited = System.Diagnostics.Stopwatch.StartNew(); (await gateways.GetGateways().WaitAsync(timeout, cancellationToken)).Count == 0; await Task.Delay(500, cancellationToken))
                if (waited.Elapsed >= startingSilos) throw new InvalidOperationException($"no silo of cluster '{clusterId}' is registered there");
            // A silo busy training may take a while to answer its gateway.
            timeout = JoinTimeout;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            await host.StartAsync(deadline.Token).WaitAsync(timeout, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            var why = e is OperationCanceledException or TimeoutException ? $"no answer within {timeout.TotalSeconds:F0} s" : FirstSentence(e.GetBaseException().Message);
            throw new UserError($"--cluster: could not join cluster '{clusterId}' through {address.Display} ({why}); is it up (`adaftr cluster status`), " +
                                $"is --cluster-id the id it was started with, and does a TLS cluster get its certificate ({ClientCredentials.TlsCertificateVariable})?", ExitCodes.Environment);
        }
        return new RemoteCluster(host);
    }

    /// <summary>"It was not possible to connect to the redis server(s)." without the advice on connection strings that follows.</summary>
    private static string FirstSentence(string message)
    {
        var line = message.Split('\n')[0].TrimEnd();
        int end = line.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? line[..end] : line.TrimEnd('.');
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
