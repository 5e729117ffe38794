namespace AdaFtr.Shards.Stores;

/// <summary>
/// Opens a store from a location string: <c>az://container/folder</c> for Azure Blob storage (the
/// account from <paramref name="connectionString"/> or the AZURE_STORAGE_CONNECTION_STRING
/// variable), anything else a local folder.
/// </summary>
public static class ShardStores
{
    public const string BlobScheme = "az://";
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    public static bool IsBlob(string location) => location.StartsWith(BlobScheme, StringComparison.OrdinalIgnoreCase);

    /// <param name="forWriting">Create the blob container when missing (reading never creates anything).</param>
    public static IShardStore Open(string location, bool forWriting = false, string? connectionString = null)
    {
        if (!IsBlob(location)) return new LocalDirectoryStore(location);
        var rest = location[BlobScheme.Length..];
        int slash = rest.IndexOf('/');
        var container = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (container.Length == 0) throw new ArgumentException($"{location}: name a container, as in az://container/folder");
        connectionString ??= Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException($"{location}: set {ConnectionStringVariable} to the storage account's connection string");
        var client = new Azure.Storage.Blobs.BlobContainerClient(connectionString, container);
        if (forWriting) client.CreateIfNotExists();
        return new AzureBlobStore(client, prefix);
    }
}
