namespace AdaFtr.Grains.Checkpoints;

/// <summary>
/// Where checkpoints live: a local directory or an Azure Blob container prefix. Objects are named
/// by relative paths with '/', <c>{job}/{step:D10}/{file}</c>. Data files are written first; the
/// manifest is created last and only if absent (<see cref="TryCreateNewAsync"/>), so a folder
/// without a manifest is not a checkpoint.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Where an object is, for messages: a file path or a blob URI.</summary>
    string Describe(string name);

    /// <summary>Writes (or replaces) an object.</summary>
    Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Writes an object if none exists by that name; false when one does (nothing is overwritten).</summary>
    Task<bool> TryCreateNewAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The object's bytes, or null when it does not exist.</summary>
    Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Names of the folders directly under <paramref name="folder"/> ("" for the root), sorted.</summary>
    Task<IReadOnlyList<string>> FoldersAsync(string folder, CancellationToken cancellationToken = default);

    /// <summary>Removes a folder and everything under it; nothing when absent.</summary>
    Task DeleteFolderAsync(string folder, CancellationToken cancellationToken = default);
}
