using AdaFtr.Silo.Configuration;

namespace AdaFtr.Coordinator.Training;

/// <summary>A cluster whose membership is in an Azure storage account's tables (silos with <c>--clustering azure</c>).</summary>
public sealed class AzureTableClusterAddress : ClusterAddress
{
    /// <summary>Holds the storage account's connection string.</summary>
    public const string ConnectionVariable = "ADAFTR_AZURE_STORAGE";

    /// <summary>Names a file holding the connection string (a mounted secret); wins over <see cref="ConnectionVariable"/>.</summary>
    public const string ConnectionFileVariable = "ADAFTR_AZURE_STORAGE_FILE";

    /// <exception cref="UserError">Not a connection string the table client accepts.</exception>
    public AzureTableClusterAddress(string connectionString)
    {
        if (AzureStorageConnection.Problem(connectionString) is { } problem) throw new UserError($"--cluster azure: the connection string {problem}");
        ConnectionString = connectionString;
        Display = $"azure tables at {AzureStorageConnection.Display(connectionString)}";
    }

    /// <summary>The storage account's connection string; a secret, never shown.</summary>
    public string ConnectionString { get; }

    public override string Display { get; }

    public override void Configure(IClientBuilder client)
    {
        var tables = AzureStorageConnection.Tables(ConnectionString);
        client.UseAzureStorageClustering(o => o.TableServiceClient = tables);
    }

    /// <exception cref="UserError">Neither variable is set, or the file cannot be read.</exception>
    public static AzureTableClusterAddress FromEnvironment(Func<string, string?> environment)
    {
        if (environment(ConnectionFileVariable) is { Length: > 0 } file)
        {
            try { return new AzureTableClusterAddress(File.ReadAllText(file).Trim()); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserError($"--cluster azure: cannot read {ConnectionFileVariable}={file}: {e.Message}", ExitCodes.Environment);
            }
        }
        return environment(ConnectionVariable) is { Length: > 0 } connection
            ? new AzureTableClusterAddress(connection.Trim())
            : throw new UserError($"--cluster azure: set {ConnectionVariable} to the storage account's connection string, or {ConnectionFileVariable} to a file holding it");
    }
}
