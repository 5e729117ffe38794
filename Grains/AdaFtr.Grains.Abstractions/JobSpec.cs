namespace AdaFtr.Grains;

/// <summary>
/// What a training job is: the model (the same JSON the local trainer takes), the shard set,
/// K logical workers and S parameter-server shards. Validated once by the job grain
/// (<c>JobSpecValidator</c>), every error naming the field.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.JobSpec")]
public sealed record JobSpec
{
    /// <summary>Names the job and its grains; letters, digits, '-', '_', '.'.</summary>
    [Id(0)] public required string JobId { get; init; }

    /// <summary>The model config JSON (see examples/adaftr-mmoe-aliccp.json); its training.seed seeds init and shuffling.</summary>
    [Id(1)] public required string ModelConfigJson { get; init; }

    /// <summary>Where the shard set is (manifest.json + part-*.shard): a folder every silo can read, or <c>az://container/folder</c> (account from AZURE_STORAGE_CONNECTION_STRING on the silos).</summary>
    [Id(2)] public required string ShardDirectory { get; init; }

    /// <summary>Logical workers K; each step every worker computes gradients on its own batch. Default 1.</summary>
    [Id(3)] public int Workers { get; init; } = 1;

    /// <summary>Parameter-server shards S. Default 1.</summary>
    [Id(4)] public int ParameterShards { get; init; } = 1;

    /// <summary>Synchronous steps to run. Default 100. Zero only evaluates a warm-started model (see <see cref="WarmStartFrom"/>).</summary>
    [Id(5)] public long Steps { get; init; } = 100;

    /// <summary>Rows per worker per step; the global batch is K times this. Default 1,024.</summary>
    [Id(6)] public int BatchPerWorker { get; init; } = 1024;

    /// <summary>How long a step waits for all K workers before retrying the missing ones; attempt n waits n times this. Default 2 minutes.</summary>
    [Id(7)] public TimeSpan BarrierTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Tries per step before the job pauses. Default 3.</summary>
    [Id(8)] public int MaxStepAttempts { get; init; } = 3;

    /// <summary>Test mode: workers report the user-column value of every sample they trained on.</summary>
    [Id(9)] public bool TrackSampleIds { get; init; }

    /// <summary>Largest payload of one grain message. Default 16 MiB (Orleans refuses bodies over 100 MB).</summary>
    [Id(10)] public int MaxMessageBytes { get; init; } = 16 << 20;

    /// <summary>Pause before retry n of a step: n − 1 times this. Default 2 s.</summary>
    [Id(12)] public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Where checkpoints go and resume comes from: a folder every silo can write, <c>az://container/folder</c>
    /// (AZURE_STORAGE_CONNECTION_STRING on the silos) or <c>https://ACCOUNT.blob.core.windows.net/container/folder</c>
    /// (DefaultAzureCredential). Null (the default): no checkpoints, and a start never resumes.
    /// </summary>
    [Id(13)] public string? CheckpointStore { get; init; }

    /// <summary>Checkpoint after every N applied steps; 0 (the default): not by step count. A finished job always writes a last one.</summary>
    [Id(14)] public long CheckpointEverySteps { get; init; }

    /// <summary>Checkpoint at the first step boundary this long after the last one; zero (the default): not by time.</summary>
    [Id(15)] public TimeSpan CheckpointInterval { get; init; }

    /// <summary>Checkpoints kept: the newest N, plus the best by <see cref="CheckpointBestMetric"/>. At least 1; default 3.</summary>
    [Id(16)] public int CheckpointKeepLast { get; init; } = 3;

    /// <summary>The manifest metric that picks the best checkpoint to keep: lower wins, except names ending in "auc". Default <c>train_loss</c>.</summary>
    [Id(17)] public string CheckpointBestMetric { get; init; } = "train_loss";

    /// <summary>Tries per checkpoint file before that checkpoint is given up (training goes on). At least 1; default 5.</summary>
    [Id(18)] public int CheckpointUploadAttempts { get; init; } = 5;

    /// <summary>Wait before the second try of an upload; it doubles for each further try. Default 1 s.</summary>
    [Id(19)] public TimeSpan CheckpointRetryBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Largest part a shard's checkpoint file is uploaded in (one Azure block each) and the most of it held
    /// in one buffer; the file itself has no size limit but the store's (an Azure blob holds 50,000 parts).
    /// Between 1 KiB and 1 GiB; default <see cref="DefaultCheckpointPartBytes"/>.
    /// </summary>
    [Id(27)] public int CheckpointPartBytes { get; init; } = DefaultCheckpointPartBytes;

    public const int DefaultCheckpointPartBytes = 64 << 20;

    /// <summary>A shard set to evaluate on while training (folder or az://...); null: no periodic evaluation.</summary>
    [Id(20)] public string? EvalShardDirectory { get; init; }

    /// <summary>Evaluate after every N applied steps (and after the last one); 0: only after the last. Needs <see cref="EvalShardDirectory"/>.</summary>
    [Id(21)] public long EvalEverySteps { get; init; }

    /// <summary>Rows per evaluation batch. Default 4,096.</summary>
    [Id(22)] public int EvalBatchRows { get; init; } = 4096;

    /// <summary>
    /// More shard sets read after <see cref="ShardDirectory"/>'s as one set (their shards appended in this order), e.g. the
    /// other days of a training window. Their columns must match. Default: none.
    /// </summary>
    [Id(23)] public IReadOnlyList<string> ExtraShardDirectories { get; init; } = [];

    /// <summary>More evaluation sets read after <see cref="EvalShardDirectory"/>'s as one (e.g. several test days). Default: none.</summary>
    [Id(24)] public IReadOnlyList<string> ExtraEvalShardDirectories { get; init; } = [];

    /// <summary>
    /// A checkpoint (of any job) whose parameters the job starts from instead of the seeded initialisation: a warm start,
    /// with fresh Adam state, a fresh data cursor and step 0. Its model must have the same shapes and parameter shards.
    /// A job that has checkpoints of its own resumes from them instead. With <see cref="Steps"/> 0 and an evaluation set,
    /// the job only evaluates that checkpoint. Null (the default): a cold start.
    /// </summary>
    [Id(25)] public CheckpointReference? WarmStartFrom { get; init; }

    /// <summary>
    /// How long a completed, failed or cancelled job keeps its workers and parameter shards in memory (for
    /// <c>GetParametersAsync</c> and a look at the live state) before the silo may collect them; the checkpoints
    /// stay. Zero: at once. Default 1 hour, so that daily retrains do not pile up copies of the model.
    /// </summary>
    [Id(26)] public TimeSpan KeepFinishedFor { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Faults to inject, for tests of failure handling; empty in production.</summary>
    [Id(11)] public IReadOnlyList<InjectedFault> Faults { get; init; } = [];
}

/// <summary>What a worker does wrong, once, at a step (tests only).</summary>
[GenerateSerializer]
public enum FaultKind { Throw, NaNGradient, Hang }

[GenerateSerializer, Immutable, Alias("adaftr.InjectedFault")]
public sealed record InjectedFault([property: Id(0)] int Worker, [property: Id(1)] long Step, [property: Id(2)] FaultKind Kind, [property: Id(3)] TimeSpan HangFor = default);
