using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdaFtr.Model.Configuration;

/// <summary>Reads and writes <see cref="ModelConfig"/> as snake_case JSON; unknown keys are errors (a typo must not silently fall back to a default).</summary>
public static class ModelConfigJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Parses and validates; errors are <see cref="ModelConfigException"/> naming the JSON path.</summary>
    public static ModelConfig Parse(string json)
    {
        ModelConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ModelConfig>(json, Options);
        }
        catch (JsonException e)
        {
            throw new ModelConfigException($"{(e.Path ?? "$").TrimStart('$', '.')}: {e.Message}", e);
        }
        return ModelConfigValidator.Validate(config ?? throw new ModelConfigException("$: the config is null; expected an object"));
    }

    public static ModelConfig Load(string path)
    {
        if (!File.Exists(path)) throw new ModelConfigException($"{path}: no such model config; see examples/adaftr-mmoe-aliccp.json");
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (ModelConfigException e)
        {
            throw new ModelConfigException($"{path}: {e.Message}", e);
        }
    }

    public static string Serialize(ModelConfig config) => JsonSerializer.Serialize(config, Options);
}
