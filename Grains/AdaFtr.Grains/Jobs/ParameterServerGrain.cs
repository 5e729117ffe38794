using AdaFtr.Grains.Checkpoints;
using AdaFtr.Grains.Compute;
using AdaFtr.Grains.Wire;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Optim;
using AdaFtr.Grains.Placement;
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
    private ShardCheckpointWriter? _checkpoints;

    private sealed class PendingPush
    {
        public PieceAssembler Pieces { get; } = new();
        public int Chunks { get; set; } = -1;
        public HashSet<int> Received { get; } = [];
        public bool Complete => Chunks >= 0 && Received.Count == Chunks && Pieces.IsComplete;
    }

    private int ShardIndex => GrainKeys.Parse(this.GetPrimaryKeyString()).Index;

    private ShardCheckpointWriter Checkpoints => _checkpoints ??= new ShardCheckpointWriter(slots.Service, logger, this.GetPrimaryKeyString());

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

    Task IParameterServerGrain.BeginCheckpointAsync(long step) => Checkpoints.BeginAsync(RequireVersion(step), _spec!, ShardIndex, step);

    async Task<(long Bytes, string Sha256)> IParameterServerGrain.CheckpointUploadedAsync(long step)
    {
        var file = await Checkpoints.UploadedAsync(step);
        return (file.Bytes, file.Sha256);
    }

    async Task IParameterServerGrain.RestoreAsync(ShardCheckpointSource source)
    {
        var shard = _shard ?? throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()}: initialise before restoring");
        _version = await ShardCheckpointReader.RestoreAsync(shard, source, slots.Service);
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
}
