using System.Runtime.InteropServices;
using AdaFtr.Grains;
using AdaFtr.Model.Networks;
using TorchSharp;

namespace AdaFtr.Coordinator.Training;

/// <summary>Copies a job's parameters (whole float32 tensors by name) into a local model, for evaluation and checkpoints.</summary>
public static class TrainedParameters
{
    public static void Load(AdaFtrModel model, IReadOnlyList<TensorPiece> parameters)
    {
        var byName = parameters.ToDictionary(p => p.Name);
        using var _ = torch.no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!byName.TryGetValue(name, out var piece))
                throw new InvalidOperationException($"the job returned no parameter '{name}'");
            using var value = torch.tensor(MemoryMarshal.Cast<byte, float>(piece.Data).ToArray(), piece.Shape);
            parameter.copy_(value);
        }
    }
}
