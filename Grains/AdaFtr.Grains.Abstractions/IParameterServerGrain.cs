using Orleans.Concurrency;

namespace AdaFtr.Grains;

/// <summary>
/// Shard s of a job's parameters and Adam state (key <c>{job}/ps{s}</c>), on silo s mod N with a compute thread of
/// its own. A step is one round trip per worker: each worker's push for step t waits until the K-th push of t is in;
/// then the shard sums them in worker order, applies Adam, and answers every waiting push with the worker's next
/// step's needs (<see cref="ShardReply"/>). A step is applied once or not at all.
/// </summary>
[Alias("adaftr.IParameterServerGrain")]
public interface IParameterServerGrain : IGrainWithStringKey
{
    [Alias("Initialize"), ResponseTimeout("00:05:00")]
    Task InitializeAsync(ShardInitChunk chunk);

    /// <summary>Where this shard lives, its state's size and its version (−1 when not initialised).</summary>
    [Alias("Info"), AlwaysInterleave]
    Task<ShardLocation> GetInfoAsync();

    /// <summary>
    /// A window's first pull: the dense slice at <paramref name="version"/> and the rows <paramref name="rowIds"/> for
    /// <paramref name="worker"/>. Served from the current state, or, when this shard already applied the next step
    /// (a window restarted after a failure), from the reply it gave that worker then.
    /// </summary>
    [Alias("Pull"), AlwaysInterleave, ResponseTimeout("00:05:00")]
    Task<ShardReply> PullAsync(int generation, long version, int worker, long[] rowIds);

    /// <summary>
    /// One chunk of a worker's push. The last one waits until the step is applied (every worker's push is in) and
    /// returns the reply; earlier ones return null at once. A push of a step already applied returns the reply
    /// without applying anything; one of an abandoned generation throws <see cref="StepAbortedException"/>.
    /// </summary>
    [Alias("Push"), AlwaysInterleave, ResponseTimeout("00:10:00")]
    Task<ShardReply?> PushAsync(GradientChunk chunk);

    /// <summary>Chunk <paramref name="chunk"/> (≥ 1) of the reply to <paramref name="worker"/> at <paramref name="version"/>.</summary>
    [Alias("ReplyChunk"), AlwaysInterleave, ResponseTimeout("00:05:00")]
    Task<IReadOnlyList<TensorPiece>> ReplyChunkAsync(long version, int worker, int chunk);

    /// <summary>Abandons every window before <paramref name="generation"/>: waiting pushes throw <see cref="StepAbortedException"/>, partial pushes are dropped. Returns once no step is being applied.</summary>
    [Alias("OpenGeneration"), AlwaysInterleave]
    Task<ShardLocation> OpenGenerationAsync(int generation);

    /// <summary>Shard 0 only: the steps applied after <paramref name="afterStep"/>, with the workers' reports.</summary>
    [Alias("AppliedSteps"), AlwaysInterleave]
    Task<IReadOnlyList<AppliedStep>> AppliedStepsAsync(long afterStep);

    /// <summary>This shard's dense parameters at <paramref name="version"/> (which must be current), piece <paramref name="chunk"/> of the chunked reply (for evaluation).</summary>
    [Alias("PullDense"), ResponseTimeout("00:05:00")]
    Task<(IReadOnlyList<TensorPiece> Pieces, int Chunks)> PullDenseAsync(long version, int chunk);

    /// <summary>[U, E] float32 values of <paramref name="rowIds"/> (inside this shard's range) at <paramref name="version"/> (for evaluation).</summary>
    [Alias("PullRows"), ResponseTimeout("00:05:00")]
    Task<byte[]> PullRowsAsync(long version, long[] rowIds);

    /// <summary>
    /// Copies this shard's parameters and Adam state at version <paramref name="step"/> (which must
    /// be current) to host memory, returns, and then writes them in the background to the spec's
    /// checkpoint store as <c>{job}/{step:D10}/ps{s}.safetensors</c>.
    /// </summary>
    [Alias("BeginCheckpoint"), ResponseTimeout("00:05:00")]
    Task BeginCheckpointAsync(long step);

    /// <summary>
    /// Waits for <see cref="BeginCheckpointAsync"/>'s upload (retried with backoff) and returns the file's size and SHA-256;
    /// throws the last storage error when every try failed.
    /// </summary>
    [Alias("CheckpointUploaded"), AlwaysInterleave, ResponseTimeout("01:00:00")]
    Task<(long Bytes, string Sha256)> CheckpointUploadedAsync(long step);

    /// <summary>
    /// Reads this shard's file of a verified checkpoint from its store (streamed, checked against the manifest's size and
    /// SHA-256 as it reads) and takes that state and version; throws, naming the file, when it is missing or does not match.
    /// </summary>
    [Alias("RestoreFrom"), ResponseTimeout("01:00:00")]
    Task RestoreAsync(ShardCheckpointSource source);

    /// <summary>Every parameter this shard owns, chunked (<paramref name="chunk"/> of the returned count).</summary>
    [Alias("Snapshot"), ResponseTimeout("00:05:00")]
    Task<(IReadOnlyList<TensorPiece> Pieces, int Chunks)> SnapshotAsync(int chunk);

    /// <summary>The job is over: stay in memory only <paramref name="keep"/> longer (zero: leave when idle).</summary>
    [Alias("Release")]
    Task ReleaseAfterAsync(TimeSpan keep);
}
