using AdaFtr.Checkpoints;
using AdaFtr.Model.Runtime;
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
/// Coordinates one parameter-server shard: collects chunked initial values, holds each step's pushes until the K-th
/// arrives, hands the maths (<see cref="ParameterShard"/>) to a compute thread of its own, and answers every waiting
/// push with what that worker's next step needs. Holds its state in memory and stays active for the job's life.
/// </summary>
[JobAssignedPlacement]   // on the silo the job chose: shard s on silo s mod N
public sealed partial class ParameterServerGrain(ILocalSiloDetails silo, ILogger<ParameterServerGrain> logger) : Grain, IParameterServerGrain
{
    private ComputeThread? _thread;
    private PieceAssembler? _init;
    private int _initChunks;
    private JobSpec? _spec;
    private ParameterShard? _shard;
    private long _stateBytes;
    private long _version = -1;
    private int _generation;
    private Dictionary<int, PendingPush> _pushes = [];
    private TaskCompletionSource? _stepApplied;
    private Task _applying = Task.CompletedTask;
    private readonly ReplyCache _replies = new();
    private readonly List<AppliedStep> _applied = [];
    /// <summary>The dense slice as wire buffers at one version: made once, shared by every worker's reply and the evaluation pulls.</summary>
    private (long Version, IReadOnlyList<NamedBuffer> Buffers)? _dense;
    private (long Version, IReadOnlyList<IReadOnlyList<TensorPiece>> Chunks)? _denseChunks;
    private ShardCheckpointWriter? _checkpoints;

    private sealed class PendingPush
    {
        public PieceAssembler Pieces { get; } = new();
        public HashSet<int> Received { get; } = [];
        public int Chunks { get; set; } = -1;
        public long[] NextRowIds { get; set; } = [];
        public StepReport? Report { get; set; }
        public bool Complete => Chunks >= 0 && Received.Count == Chunks && Pieces.IsComplete;
    }

    private int ShardIndex => GrainKeys.Parse(this.GetPrimaryKeyString()).Index;
    private ComputeThread Thread => _thread!;
    private ShardCheckpointWriter Checkpoints => _checkpoints ??= new ShardCheckpointWriter(Thread, logger, this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Its own thread: S shards on one silo, or on S silos, apply in parallel instead of queueing on one service thread.
        _thread = new ComputeThread($"adaftr-{this.GetPrimaryKeyString()}");
        DelayDeactivation(JobActivations.KeepWhileTheJobRuns);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_shard is { } shard) await Thread.RunAsync(shard.Dispose);
        _checkpoints?.Dispose();
        _thread?.Dispose();
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
        (_shard, _stateBytes) = await Thread.RunAsync(() =>
        {
            var config = ModelConfigJson.Parse(chunk.Spec.ModelConfigJson);
            var dense = buffers.Where(b => b.Name != ShardInitChunk.RowsName).ToDictionary(b => b.Name, TensorWire.ToTensor);
            using var rows = TensorWire.ToTensor(buffers.Single(b => b.Name == ShardInitChunk.RowsName));
            using var replica = ModelFactory.Replica(config);
            var state = new ParameterShard(replica.LayoutOver(chunk.Spec.ParameterShards), shard, AdamSettings.From(config.Optimizer), dense, rows);
            foreach (var tensor in dense.Values) tensor.Dispose();
            using var scope = torch.NewDisposeScope();
            return (state, state.StateTensors().Sum(t => t.Tensor.NumberOfElements * t.Tensor.ElementSize));
        });
        _init = null;
        _version = 0;
        if (_spec.CheckpointStore is not null) await Checkpoints.ReserveAsync(_shard);
        LogPlaced(logger, this.GetPrimaryKeyString(), silo.SiloAddress.ToString(), _stateBytes);
    }

    Task<ShardLocation> IParameterServerGrain.GetInfoAsync() => Task.FromResult(Info);

    private ShardLocation Info => new(ShardIndex, silo.SiloAddress.ToString(), _stateBytes, _version, _generation);

    async Task<ShardReply> IParameterServerGrain.PullAsync(int generation, long version, int worker, long[] rowIds)
    {
        await _applying;
        RequireGeneration(generation);
        var shard = RequireShard();
        if (version == _version) return (await ReplyAtCurrentVersion(shard, worker, rowIds)).First;
        if (_replies.Find(version, worker, rowIds) is { } earlier) return earlier.First;
        throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()} is at version {_version} and kept no reply of version {version} for worker {worker}");
    }

    async Task<ShardReply?> IParameterServerGrain.PushAsync(GradientChunk chunk)
    {
        await _applying;
        RequireGeneration(chunk.Generation);
        var shard = RequireShard();
        if (chunk.Step <= _version)
        {
            // A restarted window re-pushes a step this shard applied before another shard did: nothing to apply, only the reply.
            if (!chunk.IsLast) return null;
            if (chunk.Step == _version) return (await ReplyAtCurrentVersion(shard, chunk.Worker, chunk.NextRowIds)).First;
            return _replies.Find(chunk.Step, chunk.Worker, chunk.NextRowIds)?.First
                ?? throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()} is at version {_version} and kept no reply of version {chunk.Step} for worker {chunk.Worker}");
        }
        if (chunk.Step != _version + 1)
            throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()} is at version {_version}: a push for step {chunk.Step} is out of order");

        if (!_pushes.TryGetValue(chunk.Worker, out var push) || chunk.Chunk == 0)
            _pushes[chunk.Worker] = push = new PendingPush();   // a fresh attempt replaces an older one
        push.Chunks = chunk.Chunks;
        push.Received.Add(chunk.Chunk);
        push.Pieces.Add(chunk.Pieces);
        if (!chunk.IsLast) return null;
        if (!push.Complete) throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()}: worker {chunk.Worker}'s push for step {chunk.Step} ended with chunks missing");
        push.NextRowIds = chunk.NextRowIds;
        push.Report = chunk.Report;

        var applied = _stepApplied ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_pushes.Count == _spec!.Workers && _pushes.Values.All(p => p.Complete)) _applying = Apply(shard, chunk.Step, applied);
        await applied.Task;
        return _replies.Find(chunk.Step, chunk.Worker, chunk.NextRowIds)!.First;
    }

    /// <summary>Sums the K pushes in worker order, applies Adam, and prepares every worker's reply; the waiting pushes then return.</summary>
    private async Task Apply(ParameterShard shard, long step, TaskCompletionSource applied)
    {
        var pushes = _pushes;
        _pushes = [];
        _stepApplied = null;
        var inOrder = Enumerable.Range(0, _spec!.Workers).Select(k => pushes[k]).ToList();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (dense, rows) = await Thread.RunAsync(() =>
            {
                using var scope = torch.NewDisposeScope();
                shard.Apply(inOrder.Select(p => ToShardGradients(p.Pieces.Buffers)).ToList());
                return (DenseBuffers(shard), inOrder.Select(p => RowsBuffer(shard, p.NextRowIds)).ToList());
            });
            double applyMs = clock.Elapsed.TotalMilliseconds;
            _version = step;
            _dense = (step, dense);
            for (int k = 0; k < inOrder.Count; k++) _replies.Add(step, k, inOrder[k].NextRowIds, Chunk(dense, rows[k]));
            _replies.KeepFrom(step - 1);
            if (inOrder.All(p => p.Report is not null)) _applied.Add(new AppliedStep(step, inOrder.Select(p => p.Report!).ToList(), applyMs, System.Diagnostics.Stopwatch.GetTimestamp()));
            applied.TrySetResult();
        }
        catch (Exception e)
        {
            // An update that failed part-way has changed some moments and not others: the state is no longer any step's.
            // The shard drops it and answers as lost, so that the job puts it back from the newest checkpoint.
            LogApplyFailed(logger, e, this.GetPrimaryKeyString(), step);
            await Thread.RunAsync(shard.Dispose);
            (_shard, _version, _dense, _denseChunks) = (null, -1, null, null);
            _replies.Clear();
            applied.TrySetException(e);
        }
    }

    Task<IReadOnlyList<TensorPiece>> IParameterServerGrain.ReplyChunkAsync(long version, int worker, int chunk) =>
        Task.FromResult(_replies.Find(version, worker)?.Chunks[chunk]
            ?? throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()} kept no reply of version {version} for worker {worker}"));

    async Task<ShardLocation> IParameterServerGrain.OpenGenerationAsync(int generation)
    {
        if (generation > _generation)
        {
            _generation = generation;
            _pushes.Clear();
            _stepApplied?.TrySetException(new StepAbortedException($"parameter shard {this.GetPrimaryKeyString()}: step {_version + 1} abandoned; the job restarts its workers"));
            _stepApplied = null;
        }
        await _applying;
        return Info;
    }

    Task<IReadOnlyList<AppliedStep>> IParameterServerGrain.AppliedStepsAsync(long afterStep)
    {
        // The job holds every step up to afterStep: those need not be kept any longer.
        _applied.RemoveAll(a => a.Step <= afterStep);
        return Task.FromResult<IReadOnlyList<AppliedStep>>(_applied.ToList());
    }

    async Task<(IReadOnlyList<TensorPiece> Pieces, int Chunks)> IParameterServerGrain.PullDenseAsync(long version, int chunk)
    {
        var shard = RequireVersion(version);
        if (_denseChunks?.Version != version)
            _denseChunks = (version, PieceChunker.Split(await DenseAtCurrentVersion(shard), _spec!.MaxMessageBytes));
        var chunks = _denseChunks.Value.Chunks;
        return (chunks[chunk], chunks.Count);
    }

    async Task<byte[]> IParameterServerGrain.PullRowsAsync(long version, long[] rowIds)
    {
        var shard = RequireVersion(version);
        return (await Thread.RunAsync(() => RowsBuffer(shard, rowIds))).Data;
    }

    private async Task<ReplyCache.Reply> ReplyAtCurrentVersion(ParameterShard shard, int worker, long[] rowIds)
    {
        if (_replies.Find(_version, worker, rowIds) is { } made) return made;
        long version = _version;
        var dense = await DenseAtCurrentVersion(shard);
        var rows = await Thread.RunAsync(() => RowsBuffer(shard, rowIds));
        return _replies.Add(version, worker, rowIds, Chunk(dense, rows));
    }

    private async Task<IReadOnlyList<NamedBuffer>> DenseAtCurrentVersion(ParameterShard shard)
    {
        long version = _version;
        if (_dense?.Version != version) _dense = (version, await Thread.RunAsync(() => DenseBuffers(shard)));
        return _dense.Value.Buffers;
    }

    private IReadOnlyList<IReadOnlyList<TensorPiece>> Chunk(IReadOnlyList<NamedBuffer> dense, NamedBuffer rows) =>
        PieceChunker.Split(dense.Append(rows), _spec!.MaxMessageBytes);

    private static List<NamedBuffer> DenseBuffers(ParameterShard shard) => shard.Dense.Select(kv => TensorWire.Float(kv.Key, kv.Value)).ToList();

    private static NamedBuffer RowsBuffer(ParameterShard shard, long[] rowIds)
    {
        using var scope = torch.NewDisposeScope();
        return TensorWire.Float(ShardReply.RowsName, shard.Rows(torch.tensor(rowIds, dtype: ScalarType.Int64)));
    }

    private void RequireGeneration(int generation)
    {
        if (generation != _generation)
            throw new StepAbortedException($"parameter shard {this.GetPrimaryKeyString()}: generation {generation} was abandoned (now {_generation})");
    }

    private ParameterShard RequireShard() =>
        _shard ?? throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()} is not initialised (its silo may have restarted; resume the job from a checkpoint)");

    Task IParameterServerGrain.BeginCheckpointAsync(long step) => Checkpoints.BeginAsync(RequireVersion(step), _spec!, ShardIndex, step);

    async Task<(long Bytes, string Sha256)> IParameterServerGrain.CheckpointUploadedAsync(long step)
    {
        var file = await Checkpoints.UploadedAsync(step);
        return (file.Bytes, file.Sha256);
    }

    async Task IParameterServerGrain.RestoreAsync(ShardCheckpointSource source)
    {
        var shard = RequireShard();
        _version = await ShardCheckpointReader.RestoreAsync(shard, source, Thread);
        _dense = null;
        _denseChunks = null;
        _pushes.Clear();
        _replies.Clear();
        _applied.Clear();
    }

    async Task<(IReadOnlyList<TensorPiece> Pieces, int Chunks)> IParameterServerGrain.SnapshotAsync(int chunk)
    {
        var shard = RequireVersion(_version);
        var buffers = await Thread.RunAsync(() =>
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
        var shard = RequireShard();
        if (version != _version) throw new InvalidOperationException($"parameter shard {this.GetPrimaryKeyString()} is at version {_version}, not {version}");
        return shard;
    }

    private static ShardGradients ToShardGradients(IReadOnlyList<NamedBuffer> buffers)
    {
        var dense = buffers.Where(b => !b.Name.StartsWith('@')).ToDictionary(b => b.Name, TensorWire.ToTensor);
        return new ShardGradients(dense,
            TensorWire.ToTensor(buffers.Single(b => b.Name == GradientChunk.RowIdsName)),
            TensorWire.ToTensor(buffers.Single(b => b.Name == GradientChunk.RowGradientsName)));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "parameter shard {Shard}: applying step {Step} failed part-way; its state is dropped, and the job restores it from its newest checkpoint")]
    private static partial void LogApplyFailed(ILogger logger, Exception error, string shard, long step);

    [LoggerMessage(Level = LogLevel.Information, Message = "parameter shard {Shard}: on silo {Silo}, {Bytes} bytes of parameters and Adam state")]
    private static partial void LogPlaced(ILogger logger, string shard, string silo, long bytes);
}
