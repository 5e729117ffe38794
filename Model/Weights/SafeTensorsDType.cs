using static TorchSharp.torch;

namespace AdaFtr.Model.Weights;

/// <summary>The safetensors dtype names this project reads and writes, and their element sizes.</summary>
public static class SafeTensorsDType
{
    public static string Name(ScalarType type) => type switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        _ => throw new NotSupportedException($"safetensors: dtype {type} is not supported; convert to float32, float64, int64 or int32"),
    };

    /// <returns>null when the name is not one this project supports.</returns>
    public static (ScalarType Type, int Size)? Parse(string name) => name switch
    {
        "F32" => (ScalarType.Float32, 4),
        "F64" => (ScalarType.Float64, 8),
        "I64" => (ScalarType.Int64, 8),
        "I32" => (ScalarType.Int32, 4),
        _ => null,
    };
}
