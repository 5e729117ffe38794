using System.Text.Json;
using System.Text.Json.Serialization;
using AdaFtr.Grains;

namespace AdaFtr.Checkpoints;

/// <summary><c>progress.json</c>: where every worker's data stands after the checkpoint's step, and the losses so far.</summary>
public sealed record CheckpointProgress(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("cursors")] IReadOnlyList<DataCursor?> Cursors,
    [property: JsonPropertyName("losses")] IReadOnlyList<double> Losses,
    // Only for a job that tracks sample ids (tests): the ids each step used, so that a job that lost its grain still knows them.
    [property: JsonPropertyName("samples"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<long, long[]>? Samples = null)
{
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this);

    /// <exception cref="CheckpointException">naming the file, when it is not a progress file: the checkpoint is refused like one with a bad checksum.</exception>
    public static CheckpointProgress Parse(string source, byte[] json)
    {
        CheckpointProgress? progress;
        try { progress = JsonSerializer.Deserialize<CheckpointProgress>(json); }
        catch (JsonException e) { throw new CheckpointException($"{source}: not a progress file ({e.Message})", e); }
        if (progress is null) throw new CheckpointException($"{source}: empty progress file");
        if (progress.Cursors is null || progress.Losses is null) throw new CheckpointException($"{source}: progress file lacks cursors or losses");
        return progress;
    }
}
