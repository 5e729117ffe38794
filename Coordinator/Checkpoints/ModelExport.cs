using AdaFtr.Checkpoints;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Weights;
using TorchSharp;

namespace AdaFtr.Coordinator.Checkpoints;

/// <summary>
/// Turns a verified checkpoint into what serving and PyTorch load: <c>model.safetensors</c> (every
/// parameter under its PyTorch name, the embedding rows of all shards joined into
/// <c>features.weight</c>, no optimizer state) and <c>model.json</c> (the model config, schema included),
/// as the snippet in docs/tensor-names.md expects.
/// </summary>
public static class ModelExport
{
    public const string WeightsName = "model.safetensors";
    public const string ConfigName = "model.json";

    /// <returns>The two files written.</returns>
    public static (string Weights, string Config) Write(VerifiedCheckpoint checkpoint, string folder)
    {
        Directory.CreateDirectory(folder);
        var weights = Path.Combine(folder, WeightsName);
        var config = Path.Combine(folder, ConfigName);
        using (var scope = torch.NewDisposeScope())
        {
            var joined = CheckpointWeights.Read(checkpoint);
            var tensors = joined.Dense.Select(kv => (kv.Key, kv.Value)).Append((AdaFtrModel.EmbeddingName, joined.Table)).ToList();
            SafeTensorsWriter.Write(weights, tensors, new Dictionary<string, string>
            {
                ["job"] = checkpoint.Manifest.Job,
                ["step"] = checkpoint.Manifest.Step.ToString(),
            });
        }
        // The config as the trainer reads it: the PyTorch snippet builds the same model from it.
        File.WriteAllText(config, ModelConfigJson.Serialize(ModelConfigJson.Parse(checkpoint.Spec.ModelConfigJson)));
        return (weights, config);
    }
}
