using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdaFtr.Shards.Format;

/// <summary>One block of a shard file: where its header starts, how many rows, payload sizes and checksum (XXH3-64 of the stored payload, hex).</summary>
public sealed record BlockEntry(long Offset, int Rows, long RawBytes, long StoredBytes, string Checksum);

/// <summary>One shard file and its blocks, in file order.</summary>
public sealed record ShardEntry(string File, long Rows, long Bytes, IReadOnlyList<BlockEntry> Blocks);

/// <summary>
/// <c>manifest.json</c>, written after every shard file is complete: the schema, the source, the
/// row counts, and per block the offsets and checksums that a reader verifies. Label positives and
/// vocabulary sizes (largest id + 1 per sparse field) let a trainer size its model without a pass.
/// </summary>
public sealed record ShardManifest(
    string Format,
    int Version,
    DatasetSchema Schema,
    string Source,
    ShardCompression Compression,
    int BlockRows,
    long Rows,
    IReadOnlyList<long> LabelPositives,
    IReadOnlyList<long> VocabularySizes,
    IReadOnlyList<ShardEntry> Shards,
    DateTime CreatedUtc)
{
    public const string FileName = "manifest.json";
    public const string FormatName = "adaftr-shards";
    public const int CurrentVersion = 1;

    /// <summary>Most rows a block may hold (a reader allocates a block at once); 64 times the writer's default.</summary>
    public const int MaxBlockRows = 1 << 22;

    /// <summary>Most bytes a block's raw payload may take (1 GiB): LZ4 and a reader's buffers index blocks with an int.</summary>
    public const long MaxBlockBytes = 1L << 30;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static ShardManifest FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ShardManifest>(json, Json) ?? throw new JsonException("the manifest is 'null'");
}
