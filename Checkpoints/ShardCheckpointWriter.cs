using AdaFtr.Grains;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Runtime;
using AdaFtr.Model.Weights;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace AdaFtr.Checkpoints;

/// <summary>
/// A parameter shard's side of checkpoints: at a step boundary a host copy of its state
/// (<see cref="ShardSnapshot"/>: training waits for the dense part, the rows follow between steps); then, in the background, its safetensors
/// file streamed to the store in parts of <see cref="JobSpec.CheckpointPartBytes"/>, its size and SHA-256
/// computed from the bytes as they go out, each try retried with backoff. A snapshot that fails counts as a
/// failed upload: <see cref="UploadedAsync"/> reports it, and the step that asked for it goes on. The snapshot's
/// host buffers are kept for the next checkpoint once its upload is done (see <see cref="ReserveAsync"/>), so the
/// shard holds its state twice for as long as it takes checkpoints.
/// </summary>
/// <param name="compute">Where the shard's maths runs: the snapshot is taken there, between steps.</param>
/// <param name="shardKey">The shard grain's key, for messages.</param>
public sealed partial class ShardCheckpointWriter(ComputeThread compute, ILogger logger, string shardKey) : IDisposable
{
    private readonly Dictionary<long, Task<CheckpointFile>> _uploads = [];
    /// <summary>The buffers of the last snapshot whose upload is done; an upload returns them from a pool thread.</summary>
    private ShardSnapshot? _spare;

    /// <summary>
    /// Takes the snapshot buffers now, at job start (one copy of the state, off the step path), so that the first
    /// checkpoint's copy, too, lands in memory that is already mapped.
    /// </summary>
    public async Task ReserveAsync(ParameterShard shard) => Keep(await compute.RunAsync(() => ShardSnapshot.Of(shard, Interlocked.Exchange(ref _spare, null))));

    /// <summary>Rows copied per turn of the shard's compute thread while a checkpoint's copy is under way (about 7 MB at E = 8): a step waits for one chunk at most.</summary>
    private const long RowsPerCopyTurn = 1 << 16;

    /// <summary>Copies the shard's state at <paramref name="step"/> (its current version) and starts writing it; returns once the dense part is copied.</summary>
    public async Task BeginAsync(ParameterShard shard, JobSpec spec, int shardIndex, long step)
    {
        var location = spec.CheckpointStore ?? throw new InvalidOperationException($"job {spec.JobId} has no CheckpointStore; set it in the job spec to take checkpoints");
        foreach (var done in _uploads.Where(u => u.Value.IsCompleted).Select(u => u.Key).ToList()) _uploads.Remove(done);
        ShardSnapshot snapshot;
        var spare = Interlocked.Exchange(ref _spare, null);
        try
        {
            snapshot = await compute.RunAsync(() => ShardSnapshot.Begin(shard, spare));
        }
        catch (Exception e)
        {
            // E.g. no host memory for the copy: this checkpoint is lost as a failed upload's would be, and training goes on.
            LogSnapshotFailed(logger, e, shardKey, step);
            _uploads[step] = Task.FromException<CheckpointFile>(e);
            return;
        }
        var file = CheckpointLayout.ShardName(shardIndex);
        var metadata = new Dictionary<string, string> { ["job"] = spec.JobId, ["step"] = step.ToString() };
        _uploads[step] = Task.Run(async () =>
        {
            try
            {
                await snapshot.CompleteAsync(compute, RowsPerCopyTurn);
                var store = CheckpointStores.Open(location, partBytes: spec.CheckpointPartBytes);
                var name = CheckpointLayout.Path(spec.JobId, step, file);
                CheckpointFile? written = null;
                await StoreRetry.RunAsync(async token => written = await WriteAsync(store, spec.JobId, step, file, snapshot.Tensors, metadata, spec.CheckpointPartBytes, token),
                    spec.CheckpointUploadAttempts, spec.CheckpointRetryBackoff, (attempt, error) => LogUploadRetry(logger, error, shardKey, name, attempt));
                return written!;
            }
            finally
            {
                Keep(snapshot);
            }
        });
    }

    private void Keep(ShardSnapshot snapshot) => Interlocked.Exchange(ref _spare, snapshot)?.Dispose();

    public void Dispose() => Interlocked.Exchange(ref _spare, null)?.Dispose();

    /// <summary>Waits for <see cref="BeginAsync"/>'s upload of <paramref name="step"/>: the file's name, size and SHA-256; throws its error when it failed.</summary>
    public Task<CheckpointFile> UploadedAsync(long step) =>
        _uploads.TryGetValue(step, out var upload) ? upload
            : throw new InvalidOperationException($"parameter shard {shardKey} has no upload for step {step} (its silo may have restarted)");

    /// <summary>
    /// Writes state tensors as one safetensors file, <c>{job}/{step:D10}/{file}</c>, streamed to the store in parts
    /// of <paramref name="partBytes"/>; no managed array holds more than a part.
    /// </summary>
    /// <returns>The file's size and SHA-256, of the bytes as they were written.</returns>
    public static async Task<CheckpointFile> WriteAsync(ICheckpointStore store, string job, long step, string file, IEnumerable<(string Name, Tensor Tensor)> tensors,
        IReadOnlyDictionary<string, string> metadata, int partBytes, CancellationToken cancellationToken = default)
    {
        await PublishedStep.ThrowIfPublishedAsync(store, job, step, file, cancellationToken);
        CheckpointFile? written = null;
        await store.WriteAsync(CheckpointLayout.Path(job, step, file), (stream, _) =>
        {
            using var hashing = new HashingStream(stream, leaveOpen: true);
            SafeTensorsWriter.Write(hashing, tensors, metadata, partBytes);
            written = hashing.Describe(file);
            return Task.CompletedTask;
        }, cancellationToken);
        return written!;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "parameter shard {Shard}: upload of {File} failed (try {Attempt}); retrying after a backoff")]
    private static partial void LogUploadRetry(ILogger logger, Exception error, string shard, string file, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "parameter shard {Shard}: could not copy its state for the checkpoint of step {Step}; that checkpoint is given up and training goes on")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception error, string shard, long step);
}
