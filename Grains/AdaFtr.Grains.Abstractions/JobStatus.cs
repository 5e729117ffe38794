namespace AdaFtr.Grains;

[GenerateSerializer]
public enum JobState { Created, Running, Paused, Completed, Failed, Cancelled }

/// <summary>Where a logical worker runs now.</summary>
[GenerateSerializer, Immutable, Alias("adaftr.WorkerLocation")]
public sealed record WorkerLocation([property: Id(0)] int Worker, [property: Id(1)] string Silo, [property: Id(2)] string Device);

/// <summary>One task's metrics on the evaluation set after <see cref="Step"/> steps.</summary>
[GenerateSerializer, Immutable, Alias("adaftr.EvaluationPoint")]
public sealed record EvaluationPoint(
    [property: Id(0)] long Step,
    [property: Id(1)] string Task,
    [property: Id(2)] double Auc,
    [property: Id(3)] double Gauc,
    [property: Id(4)] double LogLoss,
    [property: Id(5)] long Rows);

/// <summary>A job as its grain sees it; bytes are tensor payload moved by all workers over the applied steps.</summary>
[GenerateSerializer, Immutable, Alias("adaftr.JobStatus")]
public sealed record JobStatus(
    [property: Id(0)] string JobId,
    [property: Id(1)] JobState State,
    [property: Id(2)] long StepsApplied,
    [property: Id(3)] long Steps,
    [property: Id(4)] string? Message,
    [property: Id(5)] IReadOnlyList<double> Losses,
    [property: Id(6)] IReadOnlyList<WorkerLocation> Workers,
    [property: Id(7)] double StepsPerSecond,
    [property: Id(8)] long StepRetries,
    [property: Id(9)] string Silo,
    [property: Id(10)] long DenseBytes,
    [property: Id(11)] long SparseBytes,
    [property: Id(20)] IReadOnlyList<EvaluationPoint> Evaluations,
    [property: Id(21)] long LastCheckpoint = 0,
    [property: Id(22)] long ResumedFrom = 0,
    [property: Id(23)] double CheckpointStallSeconds = 0,
    [property: Id(24)] int CheckpointsGivenUp = 0,
    [property: Id(30)] DateTimeOffset? LastCheckpointUtc = null,
    [property: Id(31)] IReadOnlyList<ShardLocation>? Shards = null,
    [property: Id(32)] StepTimings? Timings = null,
    [property: Id(33)] IReadOnlyList<JobRecovery>? Recoveries = null)
{
    // LastCheckpoint: the newest step with a published manifest (0: none). ResumedFrom: the checkpoint step this run
    // continued from (0: a fresh start). CheckpointStallSeconds: mean time training waited per checkpoint (the
    // copy to host memory). CheckpointsGivenUp: checkpoints abandoned after every upload retry failed.
    // LastCheckpointUtc: when LastCheckpoint was published (null: none yet, or a resumed job without its earlier history).
    // Shards: where each parameter shard lives and what it holds (null: not placed yet). Timings: where the steps' time went.
    // Recoveries: every time the job lost parameter shards with their silo and went back to a checkpoint (null: never).

    public bool IsFinished => State is JobState.Completed or JobState.Failed or JobState.Cancelled;
}

/// <summary>
/// Means over the applied steps, in milliseconds per step and worker: waiting for the batch read ahead, computing,
/// the exchange with the shards (push, wait at the barrier, apply, reply: pull and push are one round trip), of which
/// applying on shard 0; the round trips to each shard per step (1 when every push and reply fits one message); and
/// the time from one applied step to the next (shard 0's clock, from the second step on: the step time as run); and a
/// worker's copies of the step's payload across the host boundary.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.StepTimings")]
public sealed record StepTimings(
    [property: Id(0)] double ReadMs,
    [property: Id(1)] double ComputeMs,
    [property: Id(2)] double ExchangeMs,
    [property: Id(3)] double ApplyMs,
    [property: Id(4)] double RoundTripsPerShard,
    [property: Id(5)] double StepMs,
    [property: Id(6)] double TransfersPerStep);

/// <summary>The job lost <see cref="Lost"/> at <see cref="AtUtc"/>, went back to checkpoint step <see cref="BackToStep"/> and was training again <see cref="Seconds"/> later.</summary>
[GenerateSerializer, Immutable, Alias("adaftr.JobRecovery")]
public sealed record JobRecovery([property: Id(0)] DateTimeOffset AtUtc, [property: Id(1)] string Lost, [property: Id(2)] long BackToStep, [property: Id(3)] double Seconds);
