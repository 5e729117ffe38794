using AdaFtr.Shards.Stores;
using K4os.Compression.LZ4;

namespace AdaFtr.Shards.Format;

/// <summary>
/// Checks a shard set's manifest against itself, its bounds and the files' sizes before any row is read: a manifest is
/// input, and a crafted one (a huge <c>block_rows</c>, a <c>stored_bytes</c> far beyond its <c>raw_bytes</c>, sizes that
/// overflow when summed) must be refused here, not allocate gigabytes in a reader. Every refusal names the file and field.
/// </summary>
internal static class ShardManifestValidator
{
    /// <summary>Bytes before a shard file's first block: the magic and the format version.</summary>
    public const int FileHeaderBytes = 16;

    /// <exception cref="ShardCorruptException">naming the manifest (or shard file) and the field.</exception>
    public static void Validate(IShardStore store, ShardManifest m, string where)
    {
        if (m.Format != ShardManifest.FormatName) throw new ShardCorruptException(where, $"format '{m.Format}', expected '{ShardManifest.FormatName}'");
        if (m.Version != ShardManifest.CurrentVersion) throw new ShardCorruptException(where, $"format version {m.Version}; this build reads version {ShardManifest.CurrentVersion}");
        if (m.Schema.Labels.Count != m.Schema.Tasks.Count) throw new ShardCorruptException(where, "schema has different numbers of labels and tasks");
        if (m.LabelPositives.Count != m.Schema.Labels.Count || m.VocabularySizes.Count != m.Schema.SparseFields.Count)
            throw new ShardCorruptException(where, "label or vocabulary statistics do not match the schema");
        if (m.BlockRows is < 1 or > ShardManifest.MaxBlockRows)
            throw new ShardCorruptException(where, $"block_rows {m.BlockRows} must be between 1 and {ShardManifest.MaxBlockRows}; reshard with `adaftr data shard`");
        if (BlockCodec.RawBytes(m.Schema, m.BlockRows) > ShardManifest.MaxBlockBytes)
            throw new ShardCorruptException(where, $"block_rows {m.BlockRows} of {m.Schema.RowBytes}-byte rows make blocks over {ShardManifest.MaxBlockBytes} bytes; reshard with a smaller --block-rows");
        if (m.Rows < 0) throw new ShardCorruptException(where, $"rows {m.Rows} must not be negative");
        if (m.Shards.Count == 0) throw new ShardCorruptException(where, "no shards listed");
        long total = 0;
        for (int s = 0; s < m.Shards.Count; s++)
        {
            var shard = m.Shards[s];
            if (!PlainFileName.IsPlain(shard.File))
                throw new ShardCorruptException(where, $"shards[{s}].file '{shard.File}': shard files must be plain names inside the set");
            var (rows, end) = Blocks(store, m, shard, where);
            if (rows != shard.Rows) throw new ShardCorruptException(where, $"shards[{s}].rows: {shard.File}: the manifest says {shard.Rows} rows, its blocks hold {rows}");
            if (end != shard.Bytes) throw new ShardCorruptException(where, $"shards[{s}].bytes: {shard.File}: the manifest says {shard.Bytes} bytes, its blocks end at {end}");
            var actual = store.Length(shard.File) ?? throw new ShardCorruptException(store.Describe(shard.File), "missing: the manifest lists it");
            if (actual != shard.Bytes) throw new ShardCorruptException(store.Describe(shard.File), $"{actual} bytes, the manifest says {shard.Bytes} (truncated or overwritten)");
            total = Add(total, rows, where, $"shards[{s}].rows");
        }
        if (total != m.Rows) throw new ShardCorruptException(where, $"rows: the manifest says {m.Rows} rows, its shards hold {total}");
    }

    /// <summary>A shard's blocks, each within bounds and following the previous one.</summary>
    /// <returns>Their rows, and the offset where the last one ends.</returns>
    private static (long Rows, long End) Blocks(IShardStore store, ShardManifest m, ShardEntry shard, string where)
    {
        long offset = FileHeaderBytes, rows = 0;
        for (int b = 0; b < shard.Blocks.Count; b++)
        {
            var block = shard.Blocks[b];
            var at = $"{store.Describe(shard.File)} block {b}";
            if (block.Offset != offset) throw new ShardCorruptException(at, $"offset {block.Offset}, but the previous block ends at {offset}");
            if (block.Rows < 1 || block.Rows > m.BlockRows) throw new ShardCorruptException(at, $"rows {block.Rows} must be between 1 and the set's block_rows {m.BlockRows}");
            long raw = BlockCodec.RawBytes(m.Schema, block.Rows);
            if (block.RawBytes != raw) throw new ShardCorruptException(at, $"raw_bytes {block.RawBytes}, but {block.Rows} rows of this schema are {raw} bytes");
            long maxStored = MaxStoredBytes(m.Compression, raw);
            if (block.StoredBytes < 1 || block.StoredBytes > maxStored)
                throw new ShardCorruptException(at, $"stored_bytes {block.StoredBytes} must be between 1 and {maxStored} for {raw} raw bytes ({m.Compression.ToString().ToLowerInvariant()})");
            offset = Add(offset, BlockCodec.HeaderBytes + block.StoredBytes, at, "offset");
            rows += block.Rows;
        }
        return (rows, offset);
    }

    /// <summary>The most a block of <paramref name="raw"/> bytes can take on disk: itself uncompressed, LZ4's worst case compressed.</summary>
    private static long MaxStoredBytes(ShardCompression compression, long raw) =>
        compression == ShardCompression.Lz4 ? LZ4Codec.MaximumOutputSize((int)raw) : raw;

    private static long Add(long a, long b, string where, string field)
    {
        try { return checked(a + b); }
        catch (OverflowException) { throw new ShardCorruptException(where, $"{field}: the sizes overflow a 64-bit count; the manifest is corrupt"); }
    }
}
