namespace AdaFtr.Shards.Format;

/// <summary>
/// A shard set that cannot be trusted: a block whose checksum or header does not match, a
/// truncated file, a manifest that disagrees with the files. The message names the file and block.
/// </summary>
public sealed class ShardCorruptException(string where, string problem) : Exception($"{where}: {problem}")
{
    public string Where { get; } = where;
}
