using System.Text.Json.Serialization;
using AdaFtr.Grains;

namespace AdaFtr.Silo.Json;

/// <summary>
/// One job in full, as `adaftr jobs status --json` and <c>/api/jobs/{id}</c> write it: the summary (<see cref="JobJson"/>),
/// the curves, where its workers and shards run, its checkpoints and recoveries. Values that are not finite are null.
/// </summary>
public sealed record JobDetailJson(
    [property: JsonPropertyName("summary")] JobJson Summary,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("losses")] IReadOnlyList<double?> Losses,
    [property: JsonPropertyName("evaluations")] IReadOnlyList<JobDetailJson.Evaluation> Evaluations,
    [property: JsonPropertyName("workers")] IReadOnlyList<JobDetailJson.Worker> Workers,
    [property: JsonPropertyName("workers_per_device")] IReadOnlyDictionary<string, int> WorkersPerDevice,
    [property: JsonPropertyName("shards")] IReadOnlyList<JobDetailJson.Shard> Shards,
    [property: JsonPropertyName("last_checkpoint")] JobDetailJson.Checkpoint? LastCheckpoint,
    [property: JsonPropertyName("resumed_from")] long ResumedFrom,
    [property: JsonPropertyName("checkpoint_stall_seconds")] double? CheckpointStallSeconds,
    [property: JsonPropertyName("step_retries")] long StepRetries,
    [property: JsonPropertyName("recoveries")] IReadOnlyList<JobDetailJson.Recovery> Recoveries,
    [property: JsonPropertyName("dense_bytes")] long DenseBytes,
    [property: JsonPropertyName("sparse_bytes")] long SparseBytes)
{
    public sealed record Evaluation(
        [property: JsonPropertyName("step")] long Step, [property: JsonPropertyName("task")] string Task, [property: JsonPropertyName("auc")] double? Auc,
        [property: JsonPropertyName("gauc")] double? Gauc, [property: JsonPropertyName("logloss")] double? LogLoss, [property: JsonPropertyName("rows")] long Rows)
    {
        public static Evaluation Of(EvaluationPoint e) => new(e.Step, e.Task, FiniteNumber.Of(e.Auc), FiniteNumber.Of(e.Gauc), FiniteNumber.Of(e.LogLoss), e.Rows);
    }

    public sealed record Worker([property: JsonPropertyName("worker")] int Index, [property: JsonPropertyName("silo")] string Silo, [property: JsonPropertyName("device")] string Device);

    public sealed record Shard([property: JsonPropertyName("shard")] int Index, [property: JsonPropertyName("silo")] string Silo, [property: JsonPropertyName("state_bytes")] long StateBytes);

    public sealed record Checkpoint([property: JsonPropertyName("step")] long Step, [property: JsonPropertyName("utc")] DateTimeOffset? Utc);

    public sealed record Recovery(
        [property: JsonPropertyName("at_utc")] DateTimeOffset AtUtc, [property: JsonPropertyName("lost")] string Lost,
        [property: JsonPropertyName("back_to_step")] long BackToStep, [property: JsonPropertyName("seconds")] double? Seconds);

    public static JobDetailJson Of(JobStatus s) => new(
        JobJson.Of(s), s.Message, s.Losses.Select(l => FiniteNumber.Of(l)).ToList(),
        s.Evaluations.Select(Evaluation.Of).ToList(),
        s.Workers.Select(w => new Worker(w.Worker, w.Silo, w.Device)).ToList(),
        s.Workers.GroupBy(w => $"{w.Silo} {w.Device}").ToDictionary(g => g.Key, g => g.Count()),
        (s.Shards ?? []).Select(p => new Shard(p.Shard, p.Silo, p.StateBytes)).ToList(),
        s.LastCheckpoint > 0 ? new Checkpoint(s.LastCheckpoint, s.LastCheckpointUtc) : null,
        s.ResumedFrom, FiniteNumber.Of(s.CheckpointStallSeconds), s.StepRetries,
        (s.Recoveries ?? []).Select(r => new Recovery(r.AtUtc, r.Lost, r.BackToStep, FiniteNumber.Of(r.Seconds))).ToList(),
        s.DenseBytes, s.SparseBytes);
}
