using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdaFtr.Grains.Checkpoints;

/// <summary><c>progress.json</c>: where every worker's data stands after the checkpoint's step, and the losses so far.</summary>
public sealed record CheckpointProgress(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("cursors")] IReadOnlyList<DataCursor?> Cursors,
    [property: JsonPropertyName("losses")] IReadOnlyList<double> Losses,
    // Only for a job that tracks sample ids (tests): the ids each step used, so that a job that lost its grain still knows them.
    [property: JsonPropertyName("samples"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<long, long[]>? Samples = null)
{
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static CheckpointProgress Parse(string source, byte[] json) =>
        JsonSerializer.Deserialize<CheckpointProgress>(json) ?? throw new CheckpointException($"{source}: empty progress file");
}
