using AdaFtr.Grains;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace AdaFtr.Checkpoints;

/// <summary>
/// Checkpoints in an Azure Blob container under a name prefix. The manifest is uploaded with
/// <c>If-None-Match: *</c>: a concurrent writer's manifest is never replaced. Streamed objects (shard
/// files) are uploaded as blocks of <c>partBytes</c> and read back as a download stream.
/// </summary>
public sealed class BlobCheckpointStore : ICheckpointStore
{
    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly int _partBytes;

    /// <param name="prefix">Folder inside the container, "" for its root.</param>
    /// <param name="partBytes">Size of each block a streamed object is uploaded in (the last may be smaller).</param>
    public BlobCheckpointStore(BlobContainerClient container, string prefix = "", int partBytes = JobSpec.DefaultCheckpointPartBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partBytes, 1);
        _container = container;
        _partBytes = partBytes;
        _prefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
    }

    private BlobClient Blob(string name) => _container.GetBlobClient(_prefix + name);

    public string Describe(string name) => Blob(name).Uri.ToString();

    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Blob(name).UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellationToken);
    }

    public async Task WriteAsync(string name, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await using var parts = new BlockUploadStream(_container.GetBlockBlobClient(_prefix + name), _partBytes);
        await write(parts, cancellationToken);
        await parts.CommitAsync(cancellationToken);
    }

    public async Task<bool> TryCreateNewAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        try
        {
            await Blob(name).UploadAsync(BinaryData.FromBytes(content),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // The blob exists: the service answers 409 (BlobAlreadyExists) or 412 (condition not met) depending on version.
            return false;
        }
    }

    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        try { return (await Blob(name).DownloadContentAsync(cancellationToken)).Value.Content.ToArray(); }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    public async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        try { return (await Blob(name).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content; }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    public async Task<IReadOnlyList<string>> FoldersAsync(string folder, CancellationToken cancellationToken = default)
    {
        var under = _prefix + (folder.Length == 0 || folder.EndsWith('/') ? folder : folder + "/");
        var folders = new List<string>();
        try
        {
            await foreach (var item in _container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", under, cancellationToken))
                if (item.IsPrefix) folders.Add(item.Prefix[under.Length..].TrimEnd('/'));
        }
        catch (RequestFailedException e) when (e.Status == 404) { /* no container yet: nothing was written */ }
        return folders.Order(StringComparer.Ordinal).ToList();
    }

    public async Task DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var under = _prefix + folder.TrimEnd('/') + "/";
        try
        {
            await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, under, cancellationToken))
                await _container.DeleteBlobIfExistsAsync(item.Name, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404) { /* no container: nothing to delete */ }
    }

    public override string ToString() => $"{_container.Uri}/{_prefix}";
}
