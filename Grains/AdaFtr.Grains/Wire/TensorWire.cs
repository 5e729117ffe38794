using System.Runtime.InteropServices;
using AdaFtr.Model.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Grains.Wire;

/// <summary>Tensors to and from <see cref="NamedBuffer"/>s: one bulk copy each way, never per element.</summary>
public static class TensorWire
{
    public static NamedBuffer Float(string name, Tensor tensor) => new(name, tensor.shape, sizeof(float), TensorBytes.FromTensor(tensor));

    public static NamedBuffer Int64(string name, Tensor tensor)
    {
        using var contiguous = tensor.detach().cpu().to_type(ScalarType.Int64).contiguous();
        return new NamedBuffer(name, tensor.shape, sizeof(long), contiguous.bytes.ToArray());
    }

    public static Tensor ToTensor(NamedBuffer buffer) => buffer.ElementBytes == sizeof(long)
        ? torch.tensor(MemoryMarshal.Cast<byte, long>(buffer.Data).ToArray(), buffer.Shape, dtype: ScalarType.Int64)
        : TensorBytes.ToTensor(buffer.Data, buffer.Shape);
}
