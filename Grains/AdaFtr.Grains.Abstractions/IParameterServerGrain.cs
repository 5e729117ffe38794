using Orleans.Concurrency;

namespace AdaFtr.Grains;

/// <summary>
/// Shard s of a job's parameters and Adam state (key <c>{job}/ps{s}</c>). Pushes for step t are
/// held until the job commits t: then the K pushes are averaged in worker order and applied, and
/// the version becomes t. A step is applied once or not at all.
/// </summary>
[Alias("adaftr.IParameterServerGrain")]
public interface IParameterServerGrain : IGrainWithStringKey
{
    [Alias("Initialize"), ResponseTimeout("00:05:00")]
    Task InitializeAsync(ShardInitChunk chunk);

    /// <summary>Steps applied so far, or −1 when not initialised.</summary>
    [Alias("Version")]
    Task<long> GetVersionAsync();

    /// <summary>This shard's dense parameters at <paramref name="version"/> (which must be current), piece <paramref name="chunk"/> of the chunked reply.</summary>
    [Alias("PullDense"), ResponseTimeout("00:05:00")]
    Task<(IReadOnlyList<TensorPiece> Pieces, int Chunks)> PullDenseAsync(long version, int chunk);

    /// <summary>[U, E] float32 values of <paramref name="rowIds"/> (inside this shard's range) at <paramref name="version"/>.</summary>
    [Alias("PullRows"), ResponseTimeout("00:05:00")]
    Task<byte[]> PullRowsAsync(long version, long[] rowIds);

    /// <summary>Stores one chunk of a worker's gradients for a step not yet applied. Rejects NaN/Inf naming worker and tensor.</summary>
    [Alias("Push"), ResponseTimeout("00:05:00")]
    Task PushAsync(GradientChunk chunk);

    /// <summary>Applies step <paramref name="step"/> from the K complete pushes; returns the new version. Applying a step twice is a no-op.</summary>
    [Alias("Commit"), ResponseTimeout("00:10:00")]
    Task<long> CommitAsync(long step);

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
