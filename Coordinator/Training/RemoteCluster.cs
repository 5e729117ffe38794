using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace AdaFtr.Coordinator.Training;

/// <summary>An Orleans client of a running cluster found through Redis (<c>--cluster redis://HOST:PORT</c>).</summary>
public sealed class RemoteCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private RemoteCluster(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <param name="address"><c>redis://HOST:PORT</c>, optionally with <c>?password=...</c>.</param>
    public static async Task<RemoteCluster> ConnectAsync(string address, string clusterId, CancellationToken cancellationToken)
    {
        var redis = RedisAddress(address);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A silo that dies resets its connections: the command says so in one line of its own, not in socket traces.
        builder.Logging.AddFilter("Orleans.Runtime.Messaging", LogLevel.None);
        builder.Logging.AddFilter("Orleans.Networking", LogLevel.None);
        builder.Logging.AddFilter("Orleans.Runtime.CallbackData", LogLevel.None);   // "response did not arrive": a call to a dead silo's grain
        builder.UseOrleansClient(client => client
            .UseRedisClustering(redis)
            .Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = "adaftr"; }));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new UserError($"--cluster: could not join cluster '{clusterId}' through {Redacted(address)}: {e.Message}; is it up (adaftr cluster status) and is --cluster-id right?", ExitCodes.Environment);
        }
        return new RemoteCluster(host);
    }

    /// <summary><c>redis://HOST:PORT[?password=P]</c> as a StackExchange.Redis configuration string.</summary>
    public static string RedisAddress(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || uri.Port < 0)
            throw new UserError($"--cluster: '{Redacted(address)}' is not redis://HOST:PORT[?password=...] (e.g. redis://127.0.0.1:6379)");
        var password = System.Web.HttpUtility.ParseQueryString(uri.Query)["password"];
        return $"{uri.Host}:{uri.Port}" + (password is null ? "" : $",password={password}");
    }

    /// <summary>The address fit for messages and logs: a password in its query replaced by <c>***</c>.</summary>
    public static string Redacted(string address) =>
        System.Text.RegularExpressions.Regex.Replace(address, @"(?i)(password=)[^&]*", "$1***");

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
