namespace AdaFtr.Shards.Stores;

/// <summary>
/// Where a shard set lives: a local directory or an Azure Blob container prefix. Objects are
/// named by relative paths with '/'. Data files are written first; the manifest is created last,
/// only if absent (<see cref="TryCreateNew"/>), so a set without a manifest does not exist.
/// </summary>
public interface IShardStore
{
    /// <summary>Where an object is, for messages: a file path or a blob URI.</summary>
    string Describe(string name);

    /// <summary>A stream that writes (or replaces) an object; the object is complete when the stream is disposed.</summary>
    Stream Create(string name);

    /// <summary>Writes an object atomically if none exists by that name; false when one does (the race is lost, nothing is overwritten).</summary>
    bool TryCreateNew(string name, ReadOnlyMemory<byte> content);

    /// <summary>A seekable stream over an object; throws <see cref="FileNotFoundException"/> when absent.</summary>
    Stream OpenRead(string name);

    /// <summary>The object's size in bytes, or null when it does not exist.</summary>
    long? Length(string name);

    /// <summary>Names of objects directly under <paramref name="folder"/> ("" for the root), sorted.</summary>
    IReadOnlyList<string> List(string folder = "");

    /// <summary>Folder names directly under the root, sorted (e.g. daily partitions <c>day=YYYY-MM-DD</c>).</summary>
    IReadOnlyList<string> Folders();

    /// <summary>The same store rooted at a sub-folder.</summary>
    IShardStore Child(string folder);
}
