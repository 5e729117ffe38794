using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Weights;

/// <summary>
/// Reads the safetensors format, trusting nothing in the file: the header length, the JSON, every
/// dtype, shape and byte range are checked against the file before any tensor is built, and the
/// ranges must tile the data section exactly (as the reference implementation requires).
/// </summary>
public static class SafeTensorsReader
{
    /// <summary>Largest header accepted, as in the reference implementation (100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Most tensors a file may hold: a checkpoint shard or a model has hundreds; more is a crafted or broken header.</summary>
    public const int MaxTensors = 65_536;

    /// <summary>Tensors by name, on the CPU; the caller disposes them.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(path, file, file.Length);
    }

    public static Dictionary<string, Tensor> Read(string source, byte[] file) => Read(source, new MemoryStream(file, writable: false), file.Length);

    /// <summary>
    /// Reads a file of <paramref name="length"/> bytes from <paramref name="stream"/>: the header, checked
    /// against that length before any tensor is built, then each tensor filled from the stream in pieces of
    /// at most <paramref name="pieceBytes"/>, so no managed array ever holds a whole tensor.
    /// </summary>
    /// <param name="length">The file's size (the file system's, or a checkpoint manifest's); the stream must hold that many bytes.</param>
    public static Dictionary<string, Tensor> Read(string source, Stream stream, long length, int pieceBytes = SafeTensorsWriter.DefaultPieceBytes)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors data is little-endian; this machine is not");
        ArgumentOutOfRangeException.ThrowIfLessThan(pieceBytes, 1);
        if (length < 8) throw Bad(source, $"{length} bytes; a safetensors file starts with an 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(source, stream, prefix, length);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes) throw Bad(source, $"header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit");
        if (headerLength > (ulong)(length - 8)) throw Bad(source, $"header length {headerLength} runs past the end of the {length}-byte file");
        long dataStart = 8 + (long)headerLength;
        long dataLength = length - dataStart;
        var header = new byte[(int)headerLength];
        ReadExactly(source, stream, header, length);
        CheckEntryCount(source, header);

        JsonDocument document;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(header);
            document = JsonDocument.Parse(text);
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw Bad(source, $"the header is not valid UTF-8 JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Bad(source, "the header must be a JSON object");
            var entries = new List<(string Name, ScalarType Type, long[] Shape, long Begin, long End)>();
            // A set, not a scan of the list: a crafted header with a million entries is refused in linear time.
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__") continue;
                if (!names.Add(property.Name)) throw Bad(source, $"tensor '{property.Name}' appears twice in the header");
                entries.Add(ParseEntry(source, property, dataLength));
            }
            CheckTiling(source, entries.Select(e => (e.Name, e.Begin, e.End)).ToList(), dataLength);

            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            try
            {
                // In file order: the ranges tile the data section, so each tensor's bytes follow the previous one's.
                foreach (var (name, type, shape, begin, end) in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
                {
                    var tensor = torch.empty(shape, dtype: type);
                    result[name] = tensor;
                    if (end == begin) continue;
                    try { tensor.ReadBytesFromStream(stream, (int)Math.Min(pieceBytes, end - begin)); }
                    catch (EndOfStreamException e) { throw Bad(source, $"tensor '{name}': the data ends before byte {dataStart + end} of the {length}-byte file; it is truncated", e); }
                }
            }
            catch
            {
                foreach (var t in result.Values) t.Dispose();
                throw;
            }
            return result;
        }
    }

    /// <summary>
    /// Refuses a header of more than <see cref="MaxTensors"/> entries by reading only as far as the limit: a crafted
    /// 100 MB header of tiny entries is turned away in milliseconds, before it is decoded and parsed whole.
    /// </summary>
    private static void CheckEntryCount(string source, byte[] header)
    {
        var reader = new Utf8JsonReader(header);
        int entries = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
                if (!reader.ValueTextEquals("__metadata__"u8) && ++entries > MaxTensors)
                    throw Bad(source, $"the header lists more than {MaxTensors} tensors");
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the full parse that follows says what is wrong with it.
        }
    }

    private static void ReadExactly(string source, Stream stream, Span<byte> buffer, long length)
    {
        try { stream.ReadExactly(buffer); }
        catch (EndOfStreamException e) { throw Bad(source, $"the header ends early, before the {length} bytes the file should hold; it is truncated", e); }
    }

    private static (string, ScalarType, long[], long, long) ParseEntry(string source, JsonProperty property, long dataLength)
    {
        var name = property.Name;
        var entry = property.Value;
        if (entry.ValueKind != JsonValueKind.Object) throw Bad(source, $"tensor '{name}': entry must be an object with dtype, shape, data_offsets");
        if (!entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Bad(source, $"tensor '{name}': missing string field dtype");
        var dtype = SafeTensorsDType.Parse(dtypeElement.GetString()!)
            ?? throw Bad(source, $"tensor '{name}': dtype '{dtypeElement.GetString()}' is not supported (F32, F64, I64, I32)");
        if (!entry.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Bad(source, $"tensor '{name}': missing array field shape");
        var shape = new List<long>();
        long elements = 1;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var size) || size < 0)
                throw Bad(source, $"tensor '{name}': shape entries must be non-negative integers, found {dim.GetRawText()}");
            shape.Add(size);
            elements = size == 0 ? 0 : (elements > dataLength / size ? long.MaxValue : elements * size);
        }
        if (!entry.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end))
            throw Bad(source, $"tensor '{name}': data_offsets must be [begin, end], two integers");
        if (begin < 0 || end < begin || end > dataLength)
            throw Bad(source, $"tensor '{name}': data_offsets [{begin}, {end}] lie outside the {dataLength}-byte data section");
        if (elements == long.MaxValue || elements * dtype.Size != end - begin)
            throw Bad(source, $"tensor '{name}': shape [{string.Join(", ", shape)}] of {dtypeElement.GetString()} needs {(elements == long.MaxValue ? "more" : (elements * dtype.Size).ToString())} bytes but data_offsets span {end - begin}");
        return (name, dtype.Type, shape.ToArray(), begin, end);
    }

    private static void CheckTiling(string source, List<(string Name, long Begin, long End)> ranges, long dataLength)
    {
        long next = 0;
        foreach (var (name, begin, end) in ranges.OrderBy(r => r.Begin).ThenBy(r => r.End))
        {
            if (begin != next) throw Bad(source, $"tensor '{name}': data starts at {begin} but the previous tensor ends at {next}; tensors must not overlap or leave gaps");
            next = end;
        }
        if (next != dataLength) throw Bad(source, $"the tensors cover {next} bytes but the data section holds {dataLength}");
    }

    private static SafeTensorsFormatException Bad(string source, string problem, Exception? inner = null) =>
        new($"{source}: not a valid safetensors file: {problem}", inner);
}
