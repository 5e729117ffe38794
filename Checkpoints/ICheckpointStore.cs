namespace AdaFtr.Checkpoints;

/// <summary>
/// Where checkpoints live: a local directory or an Azure Blob container prefix. Objects are named
/// by relative paths with '/', <c>{job}/{step:D10}/{file}</c>. Data files are written first; the
/// manifest is created last and only if absent (<see cref="TryCreateNewAsync"/>), so a folder
/// without a manifest is not a checkpoint. Parameter-shard files can outgrow any array: they are
/// written and read as streams (<see cref="WriteAsync(string, Func{Stream, CancellationToken, Task}, CancellationToken)"/>,
/// <see cref="OpenReadAsync"/>); the byte-array members are for the small files (manifest, spec, progress, history).
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Where an object is, for messages: a file path or a blob URI.</summary>
    string Describe(string name);

    /// <summary>Writes (or replaces) an object.</summary>
    Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes (or replaces) an object with what <paramref name="write"/> puts into the stream it is given,
    /// in parts as they come; the object appears under its name only once all of it is stored, and not at
    /// all when <paramref name="write"/> throws.
    /// </summary>
    Task WriteAsync(string name, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default);

    /// <summary>Writes an object if none exists by that name; false when one does (nothing is overwritten).</summary>
    Task<bool> TryCreateNewAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The object's bytes, or null when it does not exist.</summary>
    Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The object's bytes as a stream, read as they are consumed, or null when it does not exist. The caller disposes it.</summary>
    Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Names of the folders directly under <paramref name="folder"/> ("" for the root), sorted.</summary>
    Task<IReadOnlyList<string>> FoldersAsync(string folder, CancellationToken cancellationToken = default);

    /// <summary>Removes a folder and everything under it; nothing when absent.</summary>
    Task DeleteFolderAsync(string folder, CancellationToken cancellationToken = default);
}
