using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Weights;

/// <summary>
/// A module's parameters as safetensors under their PyTorch-style names (docs/tensor-names.md),
/// so PyTorch's <c>load_state_dict</c> reads them and the reverse.
/// </summary>
public static class ModelWeights
{
    public static void Save(Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensorsWriter.Write(path, module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), metadata);

    /// <summary>Copies every parameter from <paramref name="path"/>; the file must hold exactly the module's names, shapes and dtypes.</summary>
    public static void Load(Module module, string path)
    {
        var tensors = SafeTensorsReader.Read(path);
        try
        {
            var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            var missing = parameters.Keys.Except(tensors.Keys).ToList();
            var extra = tensors.Keys.Except(parameters.Keys).ToList();
            if (missing.Count > 0 || extra.Count > 0)
                throw new SafeTensorsFormatException($"{path}: does not match the model: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}]; was it saved from the same config?");
            using var _ = torch.no_grad();
            foreach (var (name, parameter) in parameters)
            {
                var source = tensors[name];
                if (!source.shape.SequenceEqual(parameter.shape) || source.dtype != parameter.dtype)
                    throw new SafeTensorsFormatException($"{path}: tensor '{name}' is {source.dtype} [{string.Join(", ", source.shape)}], the model expects {parameter.dtype} [{string.Join(", ", parameter.shape)}]");
                parameter.copy_(source);
            }
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
