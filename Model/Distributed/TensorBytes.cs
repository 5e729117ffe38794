using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Distributed;

/// <summary>float32 tensors as contiguous little-endian bytes and back: one bulk copy each way.</summary>
public static class TensorBytes
{
    public static byte[] FromTensor(Tensor tensor)
    {
        using var contiguous = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return contiguous.bytes.ToArray();
    }

    public static Tensor ToTensor(ReadOnlySpan<byte> bytes, long[] shape)
    {
        var values = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        return torch.tensor(values, shape, dtype: ScalarType.Float32);
    }

    public static byte[] FromInt64(ReadOnlySpan<long> values) => MemoryMarshal.AsBytes(values).ToArray();
}
