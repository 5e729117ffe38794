using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Weights;

/// <summary>
/// Writes the safetensors format (8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw little-endian data) that PyTorch's
/// <c>safetensors.torch.load_file</c> reads.
/// </summary>
public static class SafeTensorsWriter
{
    /// <summary>Largest piece of a tensor copied at once into a managed buffer on its way to the stream, by default.</summary>
    public const int DefaultPieceBytes = 1 << 20;

    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var temporary = path + ".partial";
        using (var stream = File.Create(temporary))
            Write(stream, tensors, metadata);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Writes the file to <paramref name="stream"/>: the header, then each tensor's bytes copied from
    /// its storage in pieces of at most <paramref name="pieceBytes"/>, so no managed array ever holds a
    /// whole tensor (a parameter shard can be larger than an array may be).
    /// </summary>
    public static void Write(Stream stream, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null,
        int pieceBytes = DefaultPieceBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pieceBytes, 1);
        using var scope = torch.NewDisposeScope();
        var contiguous = Contiguous(tensors);
        var (header, padded) = Header(contiguous, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(header);
        for (int i = header.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var (_, tensor) in contiguous)
            if (ByteCount(tensor) > 0) tensor.WriteBytesToStream(stream, (int)Math.Min(pieceBytes, ByteCount(tensor)));
    }

    /// <summary>The tensor's data size; <c>Tensor.bytes</c> cannot say it for tensors over 2 GiB.</summary>
    internal static long ByteCount(Tensor tensor) => tensor.NumberOfElements * tensor.ElementSize;

    /// <summary>The tensors in name order, contiguous on the CPU (an alias, not a copy, when they already are), in the caller's dispose scope.</summary>
    private static List<(string Name, Tensor Tensor)> Contiguous(IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors data is little-endian; this machine is not");
        var seen = new HashSet<string>();
        var result = new List<(string, Tensor)>();
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (name.Length == 0 || name == "__metadata__" || !seen.Add(name))
                throw new ArgumentException($"safetensors writer: tensor name '{name}' is empty, reserved or repeated");
            result.Add((name, tensor.detach().cpu().contiguous()));
        }
        return result;
    }

    /// <summary>The JSON header and its length padded to 8 bytes, as the format asks for the data's alignment.</summary>
    private static (byte[] Json, int Padded) Header(IReadOnlyList<(string Name, Tensor Tensor)> contiguous, IReadOnlyDictionary<string, string>? metadata)
    {
        var header = new Dictionary<string, object>();
        if (metadata is not null) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var (name, tensor) in contiguous)
        {
            long bytes = ByteCount(tensor);
            header[name] = new Dictionary<string, object>
            {
                ["dtype"] = SafeTensorsDType.Name(tensor.dtype),
                ["shape"] = tensor.shape,
                ["data_offsets"] = new[] { offset, offset + bytes },
            };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        return (json, (json.Length + 7) / 8 * 8);
    }
}
