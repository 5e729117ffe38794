using System.Text.Json;
using System.Text.Json.Serialization;
using AdaFtr.Grains;
using AdaFtr.Model.Configuration;

namespace AdaFtr.Checkpoints;

/// <summary>What a job was asked to do, as a report shows it.</summary>
public sealed record JobHistorySpec(
    string Backbone, int Workers, int ParameterShards, long Steps, int BatchPerWorker, string Data, string? EvalData,
    long EvalEverySteps, long CheckpointEverySteps, double LearningRate, long Seed)
{
    public static JobHistorySpec Of(JobSpec spec)
    {
        var config = ModelConfigJson.Parse(spec.ModelConfigJson);
        return new(config.Backbone.Kind.ToString(), spec.Workers, spec.ParameterShards, spec.Steps, spec.BatchPerWorker, spec.ShardDirectory,
            spec.EvalShardDirectory, spec.EvalEverySteps, spec.CheckpointEverySteps, config.Optimizer.LearningRate, config.Training.Seed);
    }
}

/// <summary>A checkpoint the job published, and when.</summary>
public sealed record JobHistoryCheckpoint(long Step, DateTimeOffset CreatedUtc);

/// <summary>
/// <c>{store}/{job}/history.json</c>: the durable record of a job, written by its grain at every
/// checkpoint and whenever it settles (completed, failed, cancelled, paused), so that
/// <c>adaftr report</c> works after the cluster that ran it is gone. Describes the latest run of
/// the job; a resumed run carries the losses and evaluations restored from its checkpoint, and every recovery from a
/// lost silo (what was lost, when, the checkpoint step it went back to, how long it took).
/// </summary>
public sealed record JobHistory(
    string Job,
    JobState State,
    string? Message,
    JobHistorySpec? Spec,
    DateTimeOffset StartedUtc,
    DateTimeOffset? EndedUtc,
    DateTimeOffset UpdatedUtc,
    long StepsApplied,
    long ResumedFrom,
    double TrainingSeconds,
    double StepsPerSecond,
    double CheckpointStallSeconds,
    int CheckpointsGivenUp,
    long StepRetries,
    IReadOnlyList<double> Losses,
    IReadOnlyList<EvaluationPoint> Evaluations,
    IReadOnlyList<JobHistoryCheckpoint> Checkpoints,
    IReadOnlyList<JobRecovery>? Recoveries = null)
{
    public const string FileName = "history.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,   // AUC is NaN on a set with one class only
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Where a job's history lies in its checkpoint store.</summary>
    public static string PathOf(string job) => $"{JobIds.Require(job, nameof(job))}/{FileName}";

    /// <summary>Seconds per applied step of this run (0 before the first).</summary>
    public double SecondsPerStep => StepsApplied > ResumedFrom ? TrainingSeconds / (StepsApplied - ResumedFrom) : 0;

    /// <summary>The history of a job as its status shows it now.</summary>
    /// <param name="state">The state to record, which may be ahead of <paramref name="status"/> (a job records that it settled before it says so).</param>
    public static JobHistory Of(JobStatus status, JobState state, JobHistorySpec? spec, DateTimeOffset started, DateTimeOffset? ended,
        double trainingSeconds, IReadOnlyList<JobHistoryCheckpoint> checkpoints) => new(
        status.JobId, state, status.Message, spec, started, ended, DateTimeOffset.UtcNow, status.StepsApplied, status.ResumedFrom,
        trainingSeconds, status.StepsPerSecond, status.CheckpointStallSeconds, status.CheckpointsGivenUp, status.StepRetries,
        status.Losses, status.Evaluations, checkpoints, status.Recoveries);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>The job's history in <paramref name="store"/>, or null when it has none.</summary>
    /// <exception cref="CheckpointException">the file is there but is not a job history.</exception>
    public static async Task<JobHistory?> ReadAsync(ICheckpointStore store, string job, CancellationToken cancellationToken = default)
    {
        var name = PathOf(job);
        return await store.ReadAsync(name, cancellationToken) is { } bytes ? Parse(store.Describe(name), bytes) : null;
    }

    /// <exception cref="CheckpointException">the bytes are not a job history.</exception>
    public static JobHistory Parse(string source, byte[] json)
    {
        try
        {
            var history = JsonSerializer.Deserialize<JobHistory>(json, Json);
            if (history?.Job is null || history.Losses is null || history.Evaluations is null || history.Checkpoints is null)
                throw new CheckpointException($"{source}: a job history needs job, losses, evaluations and checkpoints");
            return history;
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{source}: not a job history ({e.Message})", e);
        }
    }
}
