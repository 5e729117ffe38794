namespace AdaFtr.Coordinator.Training;

/// <summary>
/// Where a client finds a running cluster's gateways (<c>--cluster</c>): <c>redis://HOST:PORT[?password=...]</c>, or
/// <c>azure</c> for a cluster in an Azure storage account's tables, whose connection string is read from
/// <see cref="AzureTableClusterAddress.ConnectionVariable"/> or the file <see cref="AzureTableClusterAddress.ConnectionFileVariable"/>
/// names: an account key on the command line would be in every process listing and shell history.
/// </summary>
public abstract class ClusterAddress
{
    public const string AzureKeyword = "azure";
    public const string Syntax = "redis[s]://HOST:PORT[?password=...] or azure";

    /// <summary>The two forms for <c>--help</c>.</summary>
    public const string Help = "redis://HOST:PORT[?password=...], or azure: the tables of the storage account whose connection string is in "
                               + AzureTableClusterAddress.ConnectionVariable + " (or in the file " + AzureTableClusterAddress.ConnectionFileVariable + " names)";

    /// <summary>The address fit for messages and logs: no password, no account key.</summary>
    public abstract string Display { get; }

    /// <summary>Points an Orleans client at the cluster's membership.</summary>
    public abstract void Configure(IClientBuilder client);

    /// <summary>Checks the form of <paramref name="address"/> only, reading no secret (deployment checks, early option validation).</summary>
    /// <exception cref="UserError">Neither form.</exception>
    public static void CheckSyntax(string address)
    {
        if (address != AzureKeyword) RedisClusterAddress.Parse(address);
    }

    /// <param name="environment">Reads an environment variable (injectable for tests).</param>
    /// <exception cref="UserError">Neither form, or <c>azure</c> without a usable connection string.</exception>
    public static ClusterAddress Parse(string address, Func<string, string?> environment) =>
        address == AzureKeyword ? AzureTableClusterAddress.FromEnvironment(environment) : RedisClusterAddress.Parse(address, ClientCredentials.RedisPasswordFrom(environment));

    public sealed override string ToString() => Display;
}
