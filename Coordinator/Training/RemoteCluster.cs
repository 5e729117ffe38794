using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using AdaFtr.Silo.Security;
using Orleans.Configuration;

namespace AdaFtr.Coordinator.Training;

/// <summary>
/// An Orleans client of a running cluster found through Redis (<c>--cluster redis://HOST:PORT</c>, <c>rediss://</c> for
/// Redis over TLS), with mutual TLS to the gateways when the environment names the cluster certificate (<see cref="ClientCredentials"/>).
/// </summary>
public sealed class RemoteCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private RemoteCluster(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <param name="address"><c>redis://HOST:PORT</c> or <c>rediss://HOST:PORT</c>; the password from <c>ADAFTR_REDIS_PASSWORD</c>(<c>_FILE</c>) or, for local use, <c>?password=...</c>.</param>
    public static Task<RemoteCluster> ConnectAsync(string address, string clusterId, CancellationToken cancellationToken) =>
        ConnectAsync(address, clusterId, ClientCredentials.FromEnvironment(Environment.GetEnvironmentVariable), cancellationToken);

    public static async Task<RemoteCluster> ConnectAsync(string address, string clusterId, ClientCredentials credentials, CancellationToken cancellationToken)
    {
        var redis = RedisAddress(address, credentials.RedisPassword);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A silo that dies resets its connections: the command says so in one line of its own, not in socket traces.
        builder.Logging.AddFilter("Orleans.Runtime.Messaging", LogLevel.None);
        builder.Logging.AddFilter("Orleans.Networking", LogLevel.None);
        builder.Logging.AddFilter("Orleans.Runtime.CallbackData", LogLevel.None);   // "response did not arrive": a call to a dead silo's grain
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(redis)
                .Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = "adaftr"; });
            if (credentials.Certificate is { } certificate) client.UseClusterTls(certificate);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new UserError($"--cluster: could not join cluster '{clusterId}' through {Redacted(address)}: {e.Message}; is it up (adaftr cluster status), is --cluster-id right, and does a TLS cluster get its certificate ({ClientCredentials.TlsCertificateVariable})?", ExitCodes.Environment);
        }
        return new RemoteCluster(host);
    }

    /// <summary><c>redis[s]://HOST:PORT[?password=P]</c> as a StackExchange.Redis configuration string; a password in the address wins over <paramref name="password"/>.</summary>
    public static string RedisAddress(string address, string? password = null)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Port < 0)
            throw new UserError($"--cluster: '{Redacted(address)}' is not redis://HOST:PORT or rediss://HOST:PORT (TLS) (e.g. redis://127.0.0.1:6379)");
        password = System.Web.HttpUtility.ParseQueryString(uri.Query)["password"] ?? password;
        return $"{uri.Host}:{uri.Port}" + (password is null ? "" : $",password={password}") + (uri.Scheme == "rediss" ? ",ssl=true" : "");
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
