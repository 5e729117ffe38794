using System.Security.Cryptography;
using System.Text.Json;
using AdaFtr.Grains;

namespace AdaFtr.Checkpoints;

/// <summary><c>spec.json</c>: the job spec a checkpoint belongs to, so <c>train --resume</c> needs only the job id.</summary>
public static class JobSpecJson
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static byte[] ToJson(JobSpec spec) => JsonSerializer.SerializeToUtf8Bytes(spec, Json);

    public static JobSpec Parse(string source, byte[] json)
    {
        try { return JsonSerializer.Deserialize<JobSpec>(json, Json) ?? throw new CheckpointException($"{source}: empty job spec"); }
        catch (JsonException e) { throw new CheckpointException($"{source}: not a job spec ({e.Message})", e); }
    }

    public static string Sha256(byte[] json) => Convert.ToHexStringLower(SHA256.HashData(json));
}
