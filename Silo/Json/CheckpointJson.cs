using System.Text.Json.Serialization;
using AdaFtr.Grains;

namespace AdaFtr.Silo.Json;

/// <summary>A checkpoint as the CLI and the HTTP API write it.</summary>
public sealed record CheckpointJson(
    [property: JsonPropertyName("store")] string Store,
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("step")] long Step)
{
    public static CheckpointJson Of(CheckpointReference c) => new(c.Store, c.Job, c.Step);
}
