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
    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var temporary = path + ".partial";
        using (var stream = File.Create(temporary))
            Write(stream, tensors, metadata);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The file's bytes in one array, from buffers already out of libtorch: needs no TorchSharp, so it runs on any thread.</summary>
    public static byte[] ToBytes(IReadOnlyList<SafeTensorsBuffer> buffers, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var (header, padded) = Header(buffers, metadata);
        var file = new byte[8 + padded + buffers.Sum(b => (long)b.Data.Length)];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        header.CopyTo(file.AsSpan(8));
        file.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        long offset = 8 + padded;
        foreach (var buffer in buffers.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            buffer.Data.CopyTo(file.AsSpan((int)offset));
            offset += buffer.Data.Length;
        }
        return file;
    }

    private static void Write(Stream stream, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffers = tensors.Select(t => SafeTensorsBuffer.Of(t.Name, t.Tensor)).ToList();
        var (header, padded) = Header(buffers, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(header);
        for (int i = header.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var buffer in buffers.OrderBy(b => b.Name, StringComparer.Ordinal)) stream.Write(buffer.Data);
    }

    /// <summary>The JSON header (tensors in name order) and its length padded to 8 bytes, as the format asks for the data's alignment.</summary>
    private static (byte[] Json, int Padded) Header(IReadOnlyList<SafeTensorsBuffer> buffers, IReadOnlyDictionary<string, string>? metadata)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors data is little-endian; this machine is not");
        var header = new Dictionary<string, object>();
        if (metadata is not null) header["__metadata__"] = metadata;
        long offset = 0;
        var seen = new HashSet<string>();
        foreach (var buffer in buffers.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            if (buffer.Name.Length == 0 || buffer.Name == "__metadata__" || !seen.Add(buffer.Name))
                throw new ArgumentException($"safetensors writer: tensor name '{buffer.Name}' is empty, reserved or repeated");
            header[buffer.Name] = new Dictionary<string, object>
            {
                ["dtype"] = SafeTensorsDType.Name(buffer.DType),
                ["shape"] = buffer.Shape,
                ["data_offsets"] = new[] { offset, offset + buffer.Data.Length },
            };
            offset += buffer.Data.Length;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        return (json, (json.Length + 7) / 8 * 8);
    }
}
