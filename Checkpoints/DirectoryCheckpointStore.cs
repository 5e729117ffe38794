namespace AdaFtr.Checkpoints;

/// <summary>Checkpoints in a local (or mounted) folder: the embedded default.</summary>
public sealed class DirectoryCheckpointStore(string root) : ICheckpointStore
{
    public string Root { get; } = Path.GetFullPath(root);

    private const int BufferBytes = 1 << 16;

    private string PathOf(string name) => Path.Combine(Root, name.Replace('/', Path.DirectorySeparatorChar));

    public string Describe(string name) => PathOf(name);

    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteAsync(name, (stream, token) => stream.WriteAsync(content, token).AsTask(), cancellationToken);

    public async Task WriteAsync(string name, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written beside and moved into place: a reader never sees half a file under the real name.
        var temporary = path + ".partial";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes))
            {
                await write(stream, cancellationToken);
                // On the disk before the rename: after a crash the name holds the old file or the whole new one.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public async Task<bool> TryCreateNewAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var folder = Path.GetDirectoryName(path)!;
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true))
        {
            await stream.WriteAsync(content, cancellationToken);
            stream.Flush(flushToDisk: true);
        }
        try
        {
            // The files this one vouches for (a manifest's) were flushed when written; their names are durable only once the folder is.
            FolderSync.Flush(folder);
            File.Move(temporary, path, overwrite: false);   // atomic, and fails when another writer got there first
            FolderSync.Flush(folder);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }

    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        try { return await File.ReadAllBytesAsync(path, cancellationToken); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }

    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        try { return Task.FromResult<Stream?>(new FileStream(PathOf(name), FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes)); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return Task.FromResult<Stream?>(null); }
    }

    public Task<IReadOnlyList<string>> FoldersAsync(string folder, CancellationToken cancellationToken = default)
    {
        var path = PathOf(folder);
        IReadOnlyList<string> folders = Directory.Exists(path)
            ? Directory.GetDirectories(path).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        return Task.FromResult(folders);
    }

    public Task DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var path = PathOf(folder);
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        return Task.CompletedTask;
    }

    public override string ToString() => Root;
}
