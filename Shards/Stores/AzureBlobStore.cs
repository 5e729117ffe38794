using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace AdaFtr.Shards.Stores;

/// <summary>
/// A shard store in an Azure Blob container, under a name prefix (a "folder"), so a cluster reads
/// the same shard sets from blob storage that a laptop reads from disk. Reads are ranged and
/// buffered (<see cref="ReadBufferBytes"/>); the manifest is created with <c>If-None-Match: *</c>,
/// so two writers cannot both publish a set at one place.
/// </summary>
public sealed class AzureBlobStore : IShardStore
{
    /// <summary>Bytes fetched per ranged read when streaming a shard. 8 MiB.</summary>
    public const int ReadBufferBytes = 8 << 20;

    private readonly BlobContainerClient _container;
    private readonly string _prefix;

    /// <param name="prefix">Folder inside the container, "" for its root; a trailing '/' is added when missing.</param>
    public AzureBlobStore(BlobContainerClient container, string prefix = "")
    {
        _container = container;
        _prefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
    }

    /// <summary>A store in container <paramref name="containerName"/> of the account in <paramref name="connectionString"/>, creating the container when missing.</summary>
    public static AzureBlobStore Connect(string connectionString, string containerName, string prefix = "") =>
        (AzureBlobStore)ShardStores.Open($"{ShardStores.BlobScheme}{containerName}/{prefix}", forWriting: true, connectionString);

    private BlobClient Blob(string name) => _container.GetBlobClient(_prefix + name);

    public string Describe(string name) => Blob(name).Uri.ToString();

    public Stream Create(string name) => Blob(name).OpenWrite(overwrite: true);

    public bool TryCreateNew(string name, ReadOnlyMemory<byte> content)
    {
        try
        {
            Blob(name).Upload(BinaryData.FromBytes(content), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } });
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // The blob exists: the service answers 409 (BlobAlreadyExists) or 412 (condition not met) depending on version.
            return false;
        }
    }

    public Stream OpenRead(string name)
    {
        try { return Blob(name).OpenRead(new BlobOpenReadOptions(allowModifications: false) { BufferSize = ReadBufferBytes }); }
        catch (RequestFailedException e) when (e.Status == 404) { throw new FileNotFoundException($"{Describe(name)}: no such blob", Describe(name), e); }
    }

    public long? Length(string name)
    {
        try { return Blob(name).GetProperties().Value.ContentLength; }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    public IReadOnlyList<string> List(string folder = "")
    {
        var under = folder.Length == 0 || folder.EndsWith('/') ? folder : folder + "/";
        return Children(_prefix + under).Where(item => item.IsBlob).Select(item => item.Blob.Name[_prefix.Length..]).Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<string> Folders() =>
        Children(_prefix).Where(item => item.IsPrefix).Select(item => item.Prefix[_prefix.Length..].TrimEnd('/')).Order(StringComparer.Ordinal).ToList();

    /// <summary>Blobs and sub-folders directly under <paramref name="prefix"/>; none when the container does not exist (nothing was written yet).</summary>
    private List<BlobHierarchyItem> Children(string prefix)
    {
        try { return _container.GetBlobsByHierarchy(BlobTraits.None, BlobStates.None, delimiter: "/", prefix: prefix).ToList(); }
        catch (RequestFailedException e) when (e.Status == 404) { return []; }
    }

    public IShardStore Child(string folder) => new AzureBlobStore(_container, _prefix + folder);

    public override string ToString() => $"{_container.Uri}/{_prefix}";
}
