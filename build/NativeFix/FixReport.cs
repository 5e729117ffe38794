using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdaFtr.NativeFix;

/// <summary>What the fix did to one library; written beside it as <c>libLibTorchSharp.so.glibcxx-fix.json</c>.</summary>
internal sealed record FixReport(
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("applied")] bool Applied,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("missing_versions")] IReadOnlyList<string> MissingVersions,
    [property: JsonPropertyName("system_libstdcxx")] string SystemLibStdCxx)
{
    public const string Suffix = ".glibcxx-fix.json";
    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
