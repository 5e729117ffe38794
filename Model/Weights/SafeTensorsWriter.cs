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

    /// <summary>The file's bytes in memory (checkpoints hash and upload them while training goes on).</summary>
    public static byte[] ToBytes(IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        Write(stream, tensors, metadata);
        return stream.ToArray();
    }

    private static void Write(Stream stream, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var header = new Dictionary<string, object>();
        if (metadata is not null) header["__metadata__"] = metadata;
        var payloads = new List<byte[]>();
        long offset = 0;
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors data is little-endian; this machine is not");
        var seen = new HashSet<string>();
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (name.Length == 0 || name == "__metadata__" || !seen.Add(name))
                throw new ArgumentException($"safetensors writer: tensor name '{name}' is empty, reserved or repeated");
            using var contiguous = tensor.detach().cpu().contiguous();
            var bytes = contiguous.bytes.ToArray();
            header[name] = new Dictionary<string, object>
            {
                ["dtype"] = SafeTensorsDType.Name(contiguous.dtype),
                ["shape"] = contiguous.shape,
                ["data_offsets"] = new[] { offset, offset + bytes.Length },
            };
            payloads.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8;   // the format asks for 8-byte alignment of the data
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var payload in payloads) stream.Write(payload);
    }
}
