using static TorchSharp.torch;

namespace AdaFtr.Model.Weights;

/// <summary>
/// A tensor already copied out of libtorch into managed memory (little-endian, contiguous):
/// what a checkpoint holds between the copy at a step boundary and the file written in the background.
/// </summary>
public sealed record SafeTensorsBuffer(string Name, ScalarType DType, long[] Shape, byte[] Data)
{
    /// <summary>One copy of the tensor's bytes (none more when it is already contiguous on the CPU).</summary>
    public static SafeTensorsBuffer Of(string name, Tensor tensor)
    {
        using var contiguous = tensor.detach().cpu().contiguous();
        return new SafeTensorsBuffer(name, contiguous.dtype, contiguous.shape, contiguous.bytes.ToArray());
    }
}
