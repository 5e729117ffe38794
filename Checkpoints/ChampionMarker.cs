using System.Text.Json;
using System.Text.Json.Serialization;
using AdaFtr.Grains;

namespace AdaFtr.Checkpoints;

/// <summary>
/// <c>@schedules/{schedule}/champion.json</c> in a checkpoint store: the checkpoint a schedule serves as its champion,
/// written when it is promoted, so that `adaftr checkpoints delete`, which sees only the store, refuses to delete it.
/// '@' is in no job id (<see cref="JobIds"/>), so the folder is never taken for a job's.
/// </summary>
public sealed record ChampionMarker(
    [property: JsonPropertyName("schedule")] string Schedule,
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("promoted_utc")] DateTimeOffset PromotedUtc)
{
    public const string Folder = "@schedules";
    public const string FileName = "champion.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string PathOf(string schedule) => $"{Folder}/{schedule}/{FileName}";

    public Task WriteAsync(ICheckpointStore store, CancellationToken cancellationToken = default) =>
        store.WriteAsync(PathOf(Schedule), JsonSerializer.SerializeToUtf8Bytes(this, Json), cancellationToken);

    /// <summary>Every schedule's champion marker in the store.</summary>
    /// <exception cref="CheckpointException">naming the file, when a marker is not one.</exception>
    public static async Task<IReadOnlyList<ChampionMarker>> ReadAllAsync(ICheckpointStore store, CancellationToken cancellationToken = default)
    {
        var markers = new List<ChampionMarker>();
        foreach (var schedule in await store.FoldersAsync(Folder, cancellationToken))
        {
            var name = PathOf(schedule);
            if (await store.ReadAsync(name, cancellationToken) is not { } bytes) continue;
            try
            {
                markers.Add(JsonSerializer.Deserialize<ChampionMarker>(bytes, Json) is { Job: not null } marker ? marker
                    : throw new CheckpointException($"{store.Describe(name)}: a champion marker needs schedule, run, job and step"));
            }
            catch (JsonException e) { throw new CheckpointException($"{store.Describe(name)}: not a champion marker ({e.Message})", e); }
        }
        return markers;
    }
}
