using AdaFtr.Grains;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace AdaFtr.Checkpoints;

/// <summary>
/// Opens a checkpoint store from a location string, the same on every silo and in the CLI:
/// <c>az://container/folder</c> (account from AZURE_STORAGE_CONNECTION_STRING),
/// <c>https://account.blob.core.windows.net/container/folder</c> (signed in with
/// <c>DefaultAzureCredential</c>: managed identity, workload identity, Azure CLI…), anything else a local folder.
/// </summary>
public static class CheckpointStores
{
    public const string BlobScheme = "az://";
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    /// <summary>True for the blob locations (az://, https://); anything else is a folder.</summary>
    public static bool IsBlob(string location) =>
        location.StartsWith(BlobScheme, StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <param name="partBytes">Part size of streamed uploads to blob storage (<see cref="JobSpec.CheckpointPartBytes"/>).</param>
    /// <exception cref="ArgumentException">the location names no container, or no credentials are configured.</exception>
    public static ICheckpointStore Open(string location, string? connectionString = null, int partBytes = JobSpec.DefaultCheckpointPartBytes)
    {
        if (location.StartsWith(BlobScheme, StringComparison.OrdinalIgnoreCase))
        {
            var (container, prefix) = Split(location, location[BlobScheme.Length..]);
            connectionString ??= Environment.GetEnvironmentVariable(ConnectionStringVariable);
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new ArgumentException($"{location}: set {ConnectionStringVariable} to the storage account's connection string, or use https://ACCOUNT.blob.core.windows.net/{container} to sign in with DefaultAzureCredential");
            return new BlobCheckpointStore(new BlobContainerClient(connectionString, container, ClientOptions()), prefix, partBytes);
        }
        if (location.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(location);
            var (container, prefix) = Split(location, uri.AbsolutePath.TrimStart('/'));
            var client = new BlobContainerClient(new Uri($"{uri.Scheme}://{uri.Authority}/{container}"), new DefaultAzureCredential(), ClientOptions());
            return new BlobCheckpointStore(client, prefix, partBytes);
        }
        return new DirectoryCheckpointStore(location);
    }

    /// <summary>
    /// Few, quick SDK retries: <see cref="StoreRetry"/> retries each whole file with its own backoff
    /// (the spec's), so an outage is reported per file and the SDK's own waits do not multiply it.
    /// </summary>
    private static BlobClientOptions ClientOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromMinutes(2);
        return options;
    }

    private static (string Container, string Prefix) Split(string location, string path)
    {
        int slash = path.IndexOf('/');
        var container = slash < 0 ? path : path[..slash];
        if (container.Length == 0) throw new ArgumentException($"{location}: name a container, as in az://container/folder");
        return (container, slash < 0 ? "" : path[(slash + 1)..].Trim('/'));
    }
}
