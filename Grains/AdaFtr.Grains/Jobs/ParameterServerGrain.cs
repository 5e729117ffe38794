using AdaFtr.Grains.Checkpoints;
using AdaFtr.Grains.Compute;
using AdaFtr.Grains.Wire;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Optim;
using AdaFtr.Grains.Placement;
using AdaFtr.Model.Weights;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Coordinates one parameter-server shard: collects chunked initial values and pushes, and hands
/// the maths (<see cref="ParameterShard"/>) to the silo's service thread. Holds its state in
/// memory and stays active for the job's life.
/// </summary>
[JobAssignedPlacement]   // on the job's silo: losing that silo loses the job either way, and nothing else shares its fate
public sealed partial class ParameterServerGrain(DeviceSlots slots, ILogger<ParameterServerGrain> logger) : Grain, IParameterServerGrain
{
    private PieceAssembler? _init;
    private int _initChunks;
    private JobSpec? _spec;
    private ParameterLayout? _layout;
    private ParameterShard? _shard;
    private long _version = -1;
    private (long Version, IReadOnlyList<IReadOnlyList<TensorPiece>> Chunks)? _denseCache;
    private readonly Dictionary<long, Dictionary<int, PendingPush>> _pushes = [];
    private readonly Dictionary<long, Task<(long Bytes, string Sha256)>> _uploads = [];
    private (long Step, List<byte[]> Parts)? _restore;

    private sealed class PendingPush
    {
        public PieceAssembler Pieces { get; } = new();
        public int Chunks { get; set; } = -1;
        public HashSet<int> Received { get; } = [];
        public bool Complete => Chunks >= 0 && Received.Count == Chunks && Pieces.IsComplete;
    }

    private int ShardIndex => GrainKeys.Parse(this.GetPrimaryKeyString()).Index;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.FromDays(365));   // the state lives here: not collected while the job runs
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_shard is { } shard) await slots.Service.RunAsync(shard.Dispose);
    }

    Task IParameterServerGrain.ReleaseAfterAsync(TimeSpan keep)
    {
        if (keep > TimeSpan.Zero) DelayDeactivation(keep);
        else DeactivateOnIdle();
        return Task.CompletedTask;
    }

    async Task IParameterServerGrain.InitializeAsync(ShardInitChunk chunk)
    {
        if (_shard is not null) return;   // a retried initialisation of a running shard changes nothing
        if (_init is null || chunk.Chunk == 0) { _init = new PieceAssembler(); _initChunks = 0; }
        _init.Add(chunk.Pieces);
        _initChunks++;
        if (_initChunks < chunk.Chunks || !_init.IsComplete) return;

        _spec = chunk.Spec;
        var buffers = _init.Buffers;
        int shard = ShardIndex;
        (_layout, _shard) = await slots.Service.RunAsync(() =>
        {
            var config = ModelConfigJson.Parse(chunk.Spec.ModelConfigJson);
            var dense = buffers.Where(b => b.Name != ShardInitChunk.RowsName).ToDictionary(b => b.Name, TensorWire.ToTensor);
            using var rows = TensorWire.ToTensor(buffers.Single(b => b.Name == ShardInitChunk.RowsName));
            using var replica = ModelFactory.Replica(config);
            var layout = replica.LayoutOver(chunk.Spec.ParameterShards);
            var state = new ParameterShard(layout, shard, AdamSettings.From(config.Optimizer), dense, rows);
            foreach (var tensor in dense.Values) tensor.Dispose();
            return (layout, state);
        });
        _init = null;
        _version = 0;
    }

    Task<long> IParameterServerGrain.GetVersionAsync() => Task.FromResult(_version);

    async Task<(IReadOnlyList<TensorPiece> Pieces, int Chunks)> IParameterServerGrain.PullDenseAsync(long version, int chunk)
    {
        var shard = RequireVersion(version);
        if (_denseCache?.Version != version)
        {
            var buffers = await slots.Service.RunAsync(() => shard.Dense.Select(kv => TensorWire.Float(kv.Key, kv.Value)).ToList());
            _denseCache = (version, PieceChunker.Split(buffers, _spec!.MaxMessageBytes));
        }
        var chunks = _denseCache.Value.Chunks;
        return (chunks[chunk], chunks.Count);
    }

    async Task<byte[]> IParameterServerGrain.PullRowsAsync(long version, long[] rowIds)
    {
        var shard = RequireVersion(version);
        return await slots.Service.RunAsync(() =>
        {
            using var scope = torch.NewDisposeScope();
            return TensorBytes.FromTensor(shard.Rows(torch.tensor(rowIds, dtype: ScalarType.Int64)));
        });
    }

    // Pushes are not checked for NaN/Inf here: each worker checks its own gradients before pushing (in parallel,
    // on its device), which kept this shard's one service thread out of every push.
    Task IParameterServerGrain.PushAsync(GradientChunk chunk)
    {
        if (chunk.Step <= _version) return Task.CompletedTask;   // already applied: a late retry of a finished step
        RequireVersion(chunk.Step - 1);
        if (!_pushes.TryGetValue(chunk.Step, out var byWorker)) _pushes[chunk.Step] = byWorker = [];
        if (!byWorker.TryGetValue(chunk.Worker, out var push) || chunk.Chunk == 0 && push.Received.Contains(0))
            byWorker[chunk.Worker] = push = new PendingPush();   // a fresh attempt replaces an older one
        push.Chunks = chunk.Chunks;
        push.Received.Add(chunk.Chunk);
        push.Pieces.Add(chunk.Pieces);
        return Task.CompletedTask;
    }

    async Task<long> IParameterServerGrain.CommitAsync(long step)
    {
        if (step <= _version) return _version;   // applied before: once, never twice
        var shard = RequireVersion(step - 1);
        int workers = _spec!.Workers;
        var byWorker = _pushes.GetValueOrDefault(step) ?? [];
        var missing = Enumerable.Range(0, workers).Where(k => !byWorker.TryGetValue(k, out var p) || !p.Complete).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"parameter shard {ShardIndex}: step {step} lacks complete pushes from worker(s) {string.Join(", ", missing)}");

        var inOrder = Enumerable.Range(0, workers).Select(k => byWorker[k].Pieces.Buffers).ToList();
        await slots.Service.RunAsync(() =>
        {
            using var scope = torch.NewDisposeScope();
            shard.Apply(inOrder.Select(ToShardGradients).ToList());
        });
        _version = step;
        foreach (var old in _pushes.Keys.Where(s => s <= step).ToList()) _pushes.Remove(old);
        return _version;
    }

    async Task IParameterServerGrain.BeginCheckpointAsync(long step)
    {
        var shard = RequireVersion(step);
        var spec = _spec!;
        var location = spec.CheckpointStore ?? throw new InvalidOperationException($"job {spec.JobId} has no CheckpointStore; set it in the job spec to take checkpoints");
        var metadata = new Dictionary<string, string> { ["job"] = spec.JobId, ["step"] = step.ToString() };
        // The training stall: the state copied once, straight into the file's bytes. Hashing and the upload happen off the grain.
        var file = await slots.Service.RunAsync(() =>
        {
            using var scope = torch.NewDisposeScope();
            return SafeTensorsWriter.ToBytes(shard.StateTensors(), metadata);
        });
        var name = CheckpointLayout.Path(spec.JobId, step, CheckpointLayout.ShardName(ShardIndex));
        var key = this.GetPrimaryKeyString();
        foreach (var done in _uploads.Where(u => u.Value.IsCompleted).Select(u => u.Key).ToList()) _uploads.Remove(done);
        _uploads[step] = Task.Run(async () =>
        {
            var described = CheckpointFile.Of(name, file);
            await StoreRetry.RunAsync(token => CheckpointStores.Open(location).WriteAsync(name, file, token),
                spec.CheckpointUploadAttempts, spec.CheckpointRetryBackoff, (attempt, error) => LogUploadRetry(logger, error, key, name, attempt));
            return (described.Bytes, described.Sha256);
        });
    }

    Task<(long Bytes, string Sha256)> IParameterServerGrain.CheckpointUploadedAsync(long step) =>
        _uploads.TryGetValue(step, out var upload) ? upload
            : throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()} has no upload for step {step} (its silo may have restarted)");

    async Task IParameterServerGrain.RestoreAsync(ShardRestoreChunk chunk)
    {
        var shard = _shard ?? throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()}: initialise before restoring");
        if (_restore is null || _restore.Value.Step != chunk.Step || chunk.Chunk == 0) _restore = (chunk.Step, []);
        var parts = _restore.Value.Parts;
        if (parts.Count != chunk.Chunk) throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()}: restore chunk {chunk.Chunk} arrived after {parts.Count}; send chunks in order");
        parts.Add(chunk.Data);
        if (parts.Count < chunk.Chunks) return;

        _restore = null;
        var file = parts.SelectMany(p => p).ToArray();
        var source = $"checkpoint step {chunk.Step}, {CheckpointLayout.ShardName(ShardIndex)}";
        await slots.Service.RunAsync(() =>
        {
            using var scope = torch.NewDisposeScope();
            var state = SafeTensorsReader.Read(source, file);
            if (chunk.ParametersOnly) shard.RestoreParameters(state);
            else shard.RestoreState(state);
        });
        if (shard.Version != chunk.Step)
            throw new InvalidOperationException($"{source}: holds version {shard.Version}, not {chunk.Step}");
        _version = shard.Version;
        _denseCache = null;
        _pushes.Clear();
    }

    async Task<(IReadOnlyList<TensorPiece> Pieces, int Chunks)> IParameterServerGrain.SnapshotAsync(int chunk)
    {
        var shard = RequireVersion(_version);
        var buffers = await slots.Service.RunAsync(() =>
        {
            var all = shard.Dense.Select(kv => TensorWire.Float(kv.Key, kv.Value)).ToList();
            all.Add(TensorWire.Float(ShardInitChunk.RowsName, shard.AllRows));
            return all;
        });
        var chunks = PieceChunker.Split(buffers, _spec!.MaxMessageBytes);
        return (chunks[chunk], chunks.Count);
    }

    private ParameterShard RequireVersion(long version)
    {
        if (_shard is null) throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()} is not initialised (its silo may have restarted; resume the job from a checkpoint)");
        if (version != _version) throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()} is at version {_version}, not {version}");
        return _shard;
    }

    private static ShardGradients ToShardGradients(IReadOnlyList<NamedBuffer> buffers)
    {
        var dense = buffers.Where(b => !b.Name.StartsWith('@')).ToDictionary(b => b.Name, TensorWire.ToTensor);
        return new ShardGradients(dense,
            TensorWire.ToTensor(buffers.Single(b => b.Name == GradientChunk.RowIdsName)),
            TensorWire.ToTensor(buffers.Single(b => b.Name == GradientChunk.RowGradientsName)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "parameter shard {Shard}: upload of {File} failed (try {Attempt}); retrying after a backoff")]
    private static partial void LogUploadRetry(ILogger logger, Exception error, string shard, string file, int attempt);
}
