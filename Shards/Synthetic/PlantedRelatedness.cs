using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Shards.Synthetic;

/// <summary>
/// The side file of an <see cref="InstanceRelatedGenerator"/> shard set: one byte per row (1 =
/// related), in input order, so row i sits in shard i mod N at position i / N (how
/// <see cref="Format.ShardSetWriter"/> deals rows). Training never reads it; evaluation of ŷ_rel
/// against the planted truth does.
/// </summary>
public static class PlantedRelatedness
{
    public const string FileName = "planted-related.u8";

    /// <summary>
    /// A source that passes <paramref name="generator"/>'s rows through and writes each row's flag
    /// to <see cref="FileName"/> in <paramref name="store"/> as they go by. The file is opened when
    /// reading starts (after the shard writer has checked the folder is free) and complete when the
    /// last chunk is out, before the writer creates the manifest.
    /// </summary>
    public static IRowSource Recording(InstanceRelatedGenerator generator, IShardStore store) => new RecordingSource(generator, store);

    /// <summary>The flags of a shard set, in input order.</summary>
    public static bool[] Read(IShardStore store)
    {
        using var stream = store.OpenRead(FileName);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray().Select(b => b == 1).ToArray();
    }

    private sealed class RecordingSource(InstanceRelatedGenerator generator, IShardStore store) : IRowSource
    {
        public DatasetSchema Schema => generator.Schema;
        public string Description => generator.Description;

        public IEnumerable<ColumnarRows> ReadChunks(int chunkRows)
        {
            using var flags = store.Create(FileName);
            foreach (var chunk in generator.ReadChunks(chunkRows))
            {
                var bytes = new byte[chunk.Rows];
                for (int r = 0; r < chunk.Rows; r++)
                    bytes[r] = generator.IsRelated(chunk.Sparse.AsSpan(r * chunk.SparseFields, chunk.SparseFields),
                        chunk.Dense.AsSpan(r * chunk.DenseFields, chunk.DenseFields)) ? (byte)1 : (byte)0;
                flags.Write(bytes);
                yield return chunk;
            }
        }
    }
}
