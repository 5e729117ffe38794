namespace AdaFtr.Shards.Format;

/// <summary>
/// The rule for a file name that a manifest (a shard set's, a checkpoint's) names: a plain name inside the manifest's
/// own folder. A name with a path, or a leading '.', would make a reader open (or a store reach) any file it can.
/// </summary>
public static class PlainFileName
{
    public static bool IsPlain(string? name) =>
        !string.IsNullOrEmpty(name) && !name.Contains('/') && !name.Contains('\\') && !name.StartsWith('.') && !name.Contains(':') && !name.Contains('\0');
}
