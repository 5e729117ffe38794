namespace AdaFtr.Shards.Readers;

/// <summary>
/// Anything that yields rows in chunks, in a fixed order: a file reader or a generator. Chunks are
/// produced lazily, so memory stays bounded by the chunk size whatever the input size.
/// </summary>
public interface IRowSource
{
    DatasetSchema Schema { get; }

    /// <summary>Where the rows come from, recorded in a shard manifest (paths, generator settings).</summary>
    string Description { get; }

    /// <summary>Rows in chunks of at most <paramref name="chunkRows"/>; a new enumeration starts over.</summary>
    IEnumerable<ColumnarRows> ReadChunks(int chunkRows);
}
