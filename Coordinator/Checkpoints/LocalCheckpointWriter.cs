using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdaFtr.Model.Weights;
using static TorchSharp.torch;

namespace AdaFtr.Coordinator.Checkpoints;

public sealed record CheckpointFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256);

public sealed record CheckpointManifest(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("created_utc")] DateTimeOffset CreatedUtc,
    [property: JsonPropertyName("files")] IReadOnlyList<CheckpointFile> Files,
    [property: JsonPropertyName("metrics")] IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// Writes <c>{root}/{job}/{step:D10}/</c>: the weights as <c>model.safetensors</c>, then
/// <c>manifest.json</c> (sizes, SHA-256, metrics) last: a folder without a manifest is not a checkpoint.
/// </summary>
public sealed class LocalCheckpointWriter(string root)
{
    public const string ManifestName = "manifest.json";
    public const string WeightsName = "model.safetensors";
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Fails early, with what to do, when the folder cannot be created or written.</summary>
    public void EnsureWritable()
    {
        try
        {
            Directory.CreateDirectory(Root);
            var probe = Path.Combine(Root, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"checkpoint directory '{Root}' is not writable ({e.Message}); pass --checkpoint-dir with a folder you can write to");
        }
    }

    public string Write(string job, long step, IEnumerable<(string Name, Tensor Tensor)> weights, IReadOnlyDictionary<string, double> metrics)
    {
        var folder = Path.Combine(Root, job, step.ToString("D10"));
        var manifestPath = Path.Combine(folder, ManifestName);
        if (File.Exists(manifestPath))
            throw new UserError($"checkpoint {folder} already exists and is never overwritten; pass a new --job or delete that folder");
        Directory.CreateDirectory(folder);
        var weightsPath = Path.Combine(folder, WeightsName);
        SafeTensorsWriter.Write(weightsPath, weights);
        var manifest = new CheckpointManifest(job, step, DateTimeOffset.UtcNow, [Describe(weightsPath)], metrics);
        using (var stream = new FileStream(manifestPath, FileMode.CreateNew))   // never replace an existing manifest
            JsonSerializer.Serialize(stream, manifest, JsonOptions);
        return folder;
    }

    private static CheckpointFile Describe(string path)
    {
        using var stream = File.OpenRead(path);
        return new CheckpointFile(Path.GetFileName(path), stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }
}
