using System.Buffers.Binary;
using System.IO.Hashing;
using AdaFtr.Shards.Readers;
using K4os.Compression.LZ4;

namespace AdaFtr.Shards.Format;

/// <summary>
/// One block on disk: a 32-byte header (magic "ABLK", rows, codec, reserved, stored payload bytes,
/// XXH3-64 of the stored payload) and the payload. The payload is the block's column groups one
/// after the other, each row-major: sparse int64 [n, F], dense float32 [n, D], labels float32
/// [n, T], user int64 [n], then truth float32 [n, T] when the set has it. Row-major groups (rather
/// than one column per field) let a reader copy a group straight into a [B, F] tensor.
/// </summary>
internal static class BlockCodec
{
    public const int HeaderBytes = 32;
    private const uint Magic = 0x4B4C4241; // "ABLK" little-endian

    public static long RawBytes(DatasetSchema schema, int rows) => (long)schema.RowBytes * rows;

    /// <summary>Writes rows [0, rows.Rows) as a block at <paramref name="offset"/> and returns its manifest entry.</summary>
    public static BlockEntry Write(Stream output, long offset, ColumnarRows rows, DatasetSchema schema, ShardCompression compression, ref byte[] scratch)
    {
        int n = rows.Rows;
        var groups = ColumnGroups.Of(rows, schema);
        long raw = groups.Bytes(0, n);
        ReadOnlySpan<byte> stored;
        if (compression == ShardCompression.Lz4)
        {
            int rawLength = checked((int)raw);
            EnsureCapacity(ref scratch, rawLength + LZ4Codec.MaximumOutputSize(rawLength));
            int at = 0;
            for (int g = 0; g < groups.Count; g++)
            {
                var bytes = groups.Group(g, 0, n);
                bytes.CopyTo(scratch.AsSpan(at));
                at += bytes.Length;
            }
            int packed = LZ4Codec.Encode(scratch.AsSpan(0, rawLength), scratch.AsSpan(rawLength), LZ4Level.L00_FAST);
            stored = scratch.AsSpan(rawLength, packed);
            WriteHeader(output, n, compression, stored.Length, XxHash3.HashToUInt64(stored));
            output.Write(stored);
            return new BlockEntry(offset, n, raw, stored.Length, Hex(XxHash3.HashToUInt64(stored)));
        }
        var hash = new XxHash3();
        for (int g = 0; g < groups.Count; g++) hash.Append(groups.Group(g, 0, n));
        ulong checksum = hash.GetCurrentHashAsUInt64();
        WriteHeader(output, n, compression, raw, checksum);
        for (int g = 0; g < groups.Count; g++) output.Write(groups.Group(g, 0, n));
        return new BlockEntry(offset, n, raw, raw, Hex(checksum));
    }

    /// <summary>
    /// Reads one block into rows [destRow, destRow + entry.Rows) of <paramref name="destination"/>,
    /// verifying the header against the manifest and the payload against its checksum.
    /// </summary>
    public static void Read(Stream input, BlockEntry entry, ShardCompression compression, ColumnGroups destination, int destRow, string where, ref byte[] scratch)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        input.Position = entry.Offset;
        ReadExactly(input, header, where, "header");
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        int rows = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        int codec = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        long storedBytes = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        ulong checksum = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        if (magic != Magic) throw new ShardCorruptException(where, $"no block header at offset {entry.Offset} (magic {magic:X8})");
        if (rows != entry.Rows || codec != (int)compression || storedBytes != entry.StoredBytes || Hex(checksum) != entry.Checksum)
            throw new ShardCorruptException(where, $"block header (rows {rows}, codec {codec}, {storedBytes} bytes, checksum {Hex(checksum)}) disagrees with the manifest (rows {entry.Rows}, codec {(int)compression}, {entry.StoredBytes} bytes, checksum {entry.Checksum})");

        long needed = destination.Bytes(destRow, rows);
        if (needed != entry.RawBytes)
            throw new ShardCorruptException(where, $"the manifest says {entry.RawBytes} raw bytes, the schema needs {needed} for {rows} rows");
        ulong computed;
        if (compression == ShardCompression.Lz4)
        {
            int stored = checked((int)storedBytes), raw = checked((int)entry.RawBytes);
            EnsureCapacity(ref scratch, stored + raw);
            ReadExactly(input, scratch.AsSpan(0, stored), where, "payload");
            computed = XxHash3.HashToUInt64(scratch.AsSpan(0, stored));
            if (computed != checksum) throw ChecksumMismatch(where, checksum, computed);
            int decoded = LZ4Codec.Decode(scratch.AsSpan(0, stored), scratch.AsSpan(stored, raw));
            if (decoded != raw) throw new ShardCorruptException(where, $"LZ4 payload decodes to {decoded} bytes, expected {raw}");
            int at = stored;
            for (int g = 0; g < destination.Count; g++)
            {
                var bytes = destination.Group(g, destRow, rows);
                scratch.AsSpan(at, bytes.Length).CopyTo(bytes);
                at += bytes.Length;
            }
            return;
        }
        // Uncompressed: read each group straight into its destination, hashing as we go (no staging copy).
        var hash = new XxHash3();
        for (int g = 0; g < destination.Count; g++)
        {
            var bytes = destination.Group(g, destRow, rows);
            ReadExactly(input, bytes, where, "payload");
            hash.Append(bytes);
        }
        computed = hash.GetCurrentHashAsUInt64();
        if (computed != checksum) throw ChecksumMismatch(where, checksum, computed);
    }

    private static void WriteHeader(Stream output, int rows, ShardCompression compression, long storedBytes, ulong checksum)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], rows);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], (int)compression);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], storedBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], checksum);
        output.Write(header);
    }

    private static void ReadExactly(Stream input, Span<byte> buffer, string where, string part)
    {
        try { input.ReadExactly(buffer); }
        catch (EndOfStreamException) { throw new ShardCorruptException(where, $"file ends inside the block {part} (truncated?)"); }
    }

    private static ShardCorruptException ChecksumMismatch(string where, ulong expected, ulong computed) =>
        new(where, $"checksum mismatch (header {Hex(expected)}, payload {Hex(computed)}): the block is corrupt; re-create the shard set");

    public static string Hex(ulong checksum) => checksum.ToString("x16");

    private static void EnsureCapacity(ref byte[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new byte[Math.Max(length, buffer.Length * 2)];
    }
}
