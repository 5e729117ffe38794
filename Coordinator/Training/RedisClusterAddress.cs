using System.Text.RegularExpressions;
using AdaFtr.Silo.Configuration;
using Microsoft.Extensions.Hosting;

namespace AdaFtr.Coordinator.Training;

/// <summary>
/// A cluster whose membership is in Redis: <c>redis://HOST:PORT</c>, or <c>rediss://HOST:PORT</c> for Redis over TLS; the
/// password from the environment (<see cref="ClientCredentials"/>) or, for local use, <c>?password=P</c>.
/// </summary>
public sealed partial class RedisClusterAddress(string configuration, string display) : ClusterAddress
{
    /// <summary>The StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379,password=P</c>.</summary>
    public string Configuration { get; } = configuration;

    public override string Display { get; } = display;

    public override void Configure(IClientBuilder client) => client.UseRedisClustering(Configuration);

    /// <param name="password">The password when the address has none (from the environment).</param>
    /// <exception cref="UserError">Not <c>redis[s]://HOST:PORT[?password=...]</c>.</exception>
    public static RedisClusterAddress Parse(string address, string? password = null)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Port < 0)
            throw new UserError($"--cluster: '{Redacted(address)}' is not {Syntax} (e.g. redis://127.0.0.1:6379; rediss:// for Redis over TLS)");
        password = System.Web.HttpUtility.ParseQueryString(uri.Query)["password"] ?? password;
        return new RedisClusterAddress($"{uri.Host}:{uri.Port}" + (password is null ? "" : $",password={password}") + (uri.Scheme == "rediss" ? ",ssl=true" : ""),
            Redacted(address));
    }

    /// <summary>From a StackExchange.Redis configuration string such as <c>127.0.0.1:6379,password=P</c>.</summary>
    public static RedisClusterAddress FromConfiguration(string configuration) => new(configuration, $"redis {RedisDisplay.Redact(configuration)}");

    /// <summary>The address as typed, fit for messages and hints: a password in it replaced by <c>***</c>.</summary>
    public static string Redacted(string address) => PasswordPattern().Replace(address, "$1***");

    [GeneratedRegex(@"(?i)(password=)[^&]*")]
    private static partial Regex PasswordPattern();
}
