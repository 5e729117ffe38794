namespace AdaFtr.Shards.Stores;

/// <summary>A shard store in a local directory (created on first write).</summary>
public sealed class LocalDirectoryStore(string root) : IShardStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Describe(string name) => Path.Combine(Root, name);

    public Stream Create(string name)
    {
        var path = Describe(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    public bool TryCreateNew(string name, ReadOnlyMemory<byte> content)
    {
        var path = Describe(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written aside and moved into place without overwrite: readers never see a half-written manifest.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, content.ToArray());
        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }

    public Stream OpenRead(string name)
    {
        var path = Describe(name);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
    }

    public long? Length(string name)
    {
        var file = new FileInfo(Describe(name));
        return file.Exists ? file.Length : null;
    }

    public IReadOnlyList<string> List(string folder = "")
    {
        var directory = Path.Combine(Root, folder);
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory).Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<string> Folders() =>
        Directory.Exists(Root) ? Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList() : [];

    public IShardStore Child(string folder) => new LocalDirectoryStore(Path.Combine(Root, folder));

    public override string ToString() => Root;
}
