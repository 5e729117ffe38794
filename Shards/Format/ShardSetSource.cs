using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Format;

/// <summary>A shard set read back as rows in file order (for inspecting or re-sharding), one chunk per block.</summary>
public sealed class ShardSetSource(ShardSet set) : IRowSource
{
    public DatasetSchema Schema => set.Schema;
    public string Description => $"shards:{set.Store.Describe(ShardManifest.FileName)} (from {set.Manifest.Source})";

    /// <summary>Chunks are whole blocks; <paramref name="chunkRows"/> is ignored because a block is already the unit of memory.</summary>
    public IEnumerable<ColumnarRows> ReadChunks(int chunkRows) => set.ReadAll();
}
