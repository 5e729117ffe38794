using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdaFtr.Grains;
using AdaFtr.Shards.Format;

namespace AdaFtr.Checkpoints;

/// <summary>One file of a checkpoint, as the manifest vouches for it.</summary>
public sealed record CheckpointFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256)
{
    public static CheckpointFile Of(string name, ReadOnlySpan<byte> content) => new(name, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)));
}

/// <summary>
/// <c>manifest.json</c>, written last: the step, every file with its size and SHA-256, the hash of
/// the job spec the state belongs to, and metrics for retention and listing.
/// </summary>
public sealed record CheckpointManifest(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("created_utc")] DateTimeOffset CreatedUtc,
    [property: JsonPropertyName("spec_sha256")] string SpecSha256,
    [property: JsonPropertyName("files")] IReadOnlyList<CheckpointFile> Files,
    [property: JsonPropertyName("metrics")] IReadOnlyDictionary<string, double> Metrics)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <exception cref="CheckpointException">the bytes are not a manifest.</exception>
    public static CheckpointManifest Parse(string source, byte[] json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<CheckpointManifest>(json, Json);
            if (manifest is null || manifest.Files is null || manifest.Job is null || manifest.SpecSha256 is null)
                throw new CheckpointException($"{source}: manifest lacks job, spec_sha256 or files");
            if (JobIds.Problem(manifest.Job) is { } badJob) throw new CheckpointException($"{source}: field job: {badJob}");
            for (int i = 0; i < manifest.Files.Count; i++)
                if (manifest.Files[i] is not { Name: var name, Sha256: not null } || !PlainFileName.IsPlain(name))
                    throw new CheckpointException($"{source}: field files[{i}].name '{manifest.Files[i]?.Name}' is not a plain file name inside the checkpoint's folder; the manifest is corrupt or crafted");
            return manifest with { Metrics = manifest.Metrics ?? new Dictionary<string, double>() };
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{source}: not a checkpoint manifest ({e.Message})", e);
        }
    }
}
