using AdaFtr.Grains.Compute;
using AdaFtr.Grains.Placement;
using AdaFtr.Grains.Wire;
using AdaFtr.Model;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Metrics;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Coordinates logical worker k: runs a window of steps, each one round trip per parameter shard. The push of step
/// t carries the ids of the rows batch t + 1 needs (read ahead while step t − 1's replies travelled), and every
/// shard's reply, sent when the K-th push of t is applied, carries its dense slice at version t and those rows.
/// The maths runs in the Model on the worker's device thread. Holds no state that matters: a replacement
/// activation on another silo continues from the cursor and version the job hands it.
/// </summary>
[JobAssignedPlacement]
public sealed class WorkerGrain(DeviceSlots slots, ILocalSiloDetails silo) : Grain, IWorkerGrain
{
    private string _device = "";
    private ComputeThread? _thread;
    private WorkerReplica? _replica;
    private WorkerData? _data;
    private ParameterLayout? _layout;
    private readonly HashSet<(long Step, FaultKind Kind)> _faultsFired = [];

    private int Index => GrainKeys.Parse(this.GetPrimaryKeyString()).Index;

    /// <summary>A worker no job has called for this long lets its replica and device slot go: its job died, or moved it elsewhere.</summary>
    private static readonly TimeSpan IdleRelease = TimeSpan.FromMinutes(5);
    private readonly System.Diagnostics.Stopwatch _idle = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan _keepIdleFor = IdleRelease;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_device, _thread) = slots.Claim(this.GetPrimaryKeyString());
        DelayDeactivation(JobActivations.KeepWhileTheJobRuns);   // collected by the idle check below
        // Ticks never interleave with a call: a tick sees the worker idle only between windows.
        this.RegisterGrainTimer(() =>
        {
            if (_idle.Elapsed > _keepIdleFor) DeactivateOnIdle();
            return Task.CompletedTask;
        }, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_thread is not null)
        {
            if (_carry is { } carry) await Discard(carry.Current, carry.Next);
            await _thread.RunAsync(() => { _replica?.Dispose(); _data?.Dispose(); });
        }
        slots.Release(this.GetPrimaryKeyString());
    }

    Task<WorkerLocation> IWorkerGrain.GetLocationAsync() => Task.FromResult(Location);

    Task IWorkerGrain.ReleaseAfterAsync(TimeSpan keep)
    {
        _keepIdleFor = keep > IdleRelease ? keep : IdleRelease;
        _idle.Restart();
        if (keep <= TimeSpan.Zero) DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private WorkerLocation Location => new(Index, silo.SiloAddress.ToString(), _device);

    /// <summary>A batch read ahead: its lookup index (on the CPU) and the rows it needs, the cursor after it and (test mode) its sample ids.</summary>
    private sealed record ReadBatch(Batch Batch, LookupIndex Index, long[] RowIds, DataCursor After, long[]? SampleIds, double ReadMs) : IDisposable
    {
        public void Dispose()
        {
            Batch.Dispose();
            Index.Dispose();
        }
    }

    /// <summary>
    /// Where the last window stopped, ready for the next: its first batch (read ahead), the batch after it (being
    /// read), and the shards' replies to the last push (parameters at its version, that batch's rows). A window that
    /// continues it needs no pull of its own.
    /// </summary>
    private sealed record Carry(int Generation, long Step, DataCursor? Cursor, ReadBatch Current, Task<ReadBatch>? Next, IReadOnlyList<NamedBuffer>[] Replies);

    private Carry? _carry;
    private int _shardCalls;

    async Task<WorkerLocation> IWorkerGrain.RunStepsAsync(JobSpec spec, StepWindow window)
    {
        try { return await RunSteps(spec, window); }
        finally { _idle.Restart(); }
    }

    private async Task<WorkerLocation> RunSteps(JobSpec spec, StepWindow window)
    {
        var thread = _thread!;
        int k = Index;
        await EnsureReplica(spec);
        var (replica, data, layout) = (_replica!, _data!, _layout!);
        var shards = JobGrains.Shards(GrainFactory, spec);
        Task<ReadBatch> Read(DataCursor? cursor) => thread.RunAsync(() =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (batch, after) = data.Read(cursor);
            var index = replica.Index(batch);
            return new ReadBatch(batch, index, index.RowIds.data<long>().ToArray(), after, spec.TrackSampleIds ? batch.User.data<long>().ToArray() : null, clock.Elapsed.TotalMilliseconds);
        });

        var carry = _carry;
        _carry = null;
        if (carry is not null && (carry.Generation != window.Generation || carry.Step != window.FromStep || carry.Cursor != window.Cursor))
        {
            await Discard(carry.Current, carry.Next);
            carry = null;
        }
        _shardCalls = 0;
        var startClock = System.Diagnostics.Stopwatch.StartNew();
        var current = carry?.Current ?? await Read(window.Cursor);
        Task<ReadBatch>? next = carry is not null ? carry.Next : window.FromStep < spec.Steps ? Read(current.After) : null;
        try
        {
            var replies = carry?.Replies ?? await Task.WhenAll(shards.Select((ps, s) =>
                Complete(ps, window.FromStep - 1, k, Pull(ps, window.Generation, window.FromStep - 1, k, RowsInRange(current.RowIds, layout.RowRange(s))))));
            double exchangeMs = carry is null ? startClock.Elapsed.TotalMilliseconds : 0;
            for (long step = window.FromStep; step <= window.ToStep; step++)
            {
                await InjectFault(spec, step, k);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var ahead = next is null ? null : await next;
                next = null;
                double readMs = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                bool poison = spec.Faults.Any(f => f.Worker == k && f.Step == step && f.Kind == FaultKind.NaNGradient) && _faultsFired.Add((step, FaultKind.NaNGradient));
                var batch = current;
                long stepNow = step;
                var stepReplies = replies;
                var (loss, pushes, transfers) = await thread.RunAsync(() =>
                {
                    using var scope = torch.NewDisposeScope();
                    replica.Transfers.Take();   // an evaluation between windows copied too; that is not this step's count
                    // One flat buffer up for the parameters, one for the rows, one down for the gradients.
                    replica.Load(stepReplies.SelectMany(r => r.Where(b => b.Name != ShardReply.RowsName)).ToDictionary(b => b.Name, b => b.Data));
                    var rows = replica.Rows(stepReplies.Select(r => r.Single(b => b.Name == ShardReply.RowsName).Data), batch.RowIds.Length);
                    var gradients = replica.Compute(batch.Batch, batch.Index, rows, 1.0 / spec.Workers);
                    if (poison) gradients.Dense.Values.First().fill_(double.NaN);
                    var host = replica.Download(gradients, batch.RowIds, GradientChunk.RowGradientsName);
                    if (host.FirstNonFinite is { } bad)
                        throw new NonFiniteGradientException($"worker {k} computed NaN/Inf in '{bad}' at step {stepNow}; the step was rejected, nothing was pushed");
                    var perShard = Enumerable.Range(0, spec.ParameterShards).Select(s =>
                    {
                        var (dense, rowIds, rowGradients) = host.ForShard(layout, s);
                        var buffers = dense.Select(d => new NamedBuffer(d.Name, d.Shape, sizeof(float), d.Data)).ToList();
                        buffers.Add(new NamedBuffer(GradientChunk.RowIdsName, [rowIds.Length], sizeof(long), TensorBytes.FromInt64(rowIds)));
                        buffers.Add(new NamedBuffer(GradientChunk.RowGradientsName, [rowIds.Length, layout.EmbeddingDim], sizeof(float), rowGradients));
                        return PieceChunker.Split(buffers, spec.MaxMessageBytes);
                    }).ToList();
                    return (host.Loss, perShard, replica.Transfers.Take());
                });
                double computeMs = clock.Elapsed.TotalMilliseconds;
                clock.Restart();

                long denseBytes = replies.Sum(r => r.Where(b => b.Name != ShardReply.RowsName).Sum(b => (long)b.Data.Length)) + PayloadBytes(pushes, dense: true);
                long sparseBytes = replies.Sum(r => r.Single(b => b.Name == ShardReply.RowsName) is var rows ? rows.Data.Length + rows.Shape[0] * sizeof(long) : 0) + PayloadBytes(pushes, dense: false);
                int calls = _shardCalls + pushes.Sum(p => p.Count);   // the window's first pull, if any, and this step's pushes
                var report = new StepReport(k, step, loss, batch.After, batch.SampleIds, Location.Silo, _device, denseBytes, sparseBytes,
                    new StepPhases(batch.ReadMs + readMs, computeMs, exchangeMs), calls, transfers);
                _shardCalls = 0;
                // The push of step t and the read of batch t + 2 overlap: the device thread is idle while the replies travel.
                var exchange = Task.WhenAll(shards.Select((ps, s) => Push(ps, step, k, window.Generation, pushes[s],
                    ahead is null ? [] : RowsInRange(ahead.RowIds, layout.RowRange(s)), s == 0 ? report : null)));
                next = ahead is not null && step + 2 <= spec.Steps ? Read(ahead.After) : null;
                replies = await exchange;
                exchangeMs = clock.Elapsed.TotalMilliseconds;
                await thread.RunAsync(batch.Dispose);
                if (step == window.ToStep)
                {
                    if (ahead is not null) _carry = new Carry(window.Generation, step + 1, batch.After, ahead, next, replies);
                    next = null;
                    break;
                }
                current = ahead!;
            }
            return Location;
        }
        finally
        {
            // Whatever was read ahead and not carried over is let go; the next window reads from its own cursor.
            if (next is not null) await Discard(null, next);
        }
    }

    private async Task Discard(ReadBatch? batch, Task<ReadBatch>? pending)
    {
        if (batch is not null) await _thread!.RunAsync(batch.Dispose);
        if (pending is null) return;
        try { var unused = await pending; await _thread!.RunAsync(unused.Dispose); }
        catch { /* a failed read failed its window already */ }
    }

    async Task<IReadOnlyList<TaskEvaluationPart>> IWorkerGrain.EvaluateAsync(JobSpec spec, long version)
    {
        try { return await Evaluate(spec, version); }
        finally { _idle.Restart(); }
    }

    private async Task<IReadOnlyList<TaskEvaluationPart>> Evaluate(JobSpec spec, long version)
    {
        var thread = _thread!;
        await EnsureReplica(spec);
        var (replica, layout) = (_replica!, _layout!);
        var shards = JobGrains.Shards(GrainFactory, spec);
        var dense = (await Task.WhenAll(shards.Select(ps => PullDense(ps, version)))).SelectMany(d => d).ToList();
        using var reader = await thread.RunAsync(() => EvaluationReader.Open(spec, Index));
        IReadOnlyList<TaskEvaluation>? merged = null;
        while (await thread.RunAsync(() => reader.Next(replica)) is { } next)
        {
            var (batch, index) = next;
            var rowIds = index.RowIds.data<long>().ToArray();
            try
            {
                var rows = await Task.WhenAll(shards.Select((ps, s) => PullRows(ps, version, RowsInRange(rowIds, layout.RowRange(s)), layout.EmbeddingDim, spec.MaxMessageBytes / (layout.EmbeddingDim * sizeof(float)))));
                var part = await thread.RunAsync(() =>
                {
                    using var scope = torch.NewDisposeScope();
                    replica.Load(dense.ToDictionary(b => b.Name, b => b.Data));
                    return replica.Evaluate(batch, index, replica.Rows(rows.Select(r => r.Data), rowIds.Length));
                });
                merged = merged is null ? part : merged.Zip(part, (a, b) => a.Merge(b)).ToList();
            }
            finally
            {
                await thread.RunAsync(() => { batch.Dispose(); index.Dispose(); });
            }
        }
        return (merged ?? []).Select(EvaluationWire.ToWire).ToList();
    }

    private async Task EnsureReplica(JobSpec spec)
    {
        if (_replica is not null) return;
        int k = Index;
        (_replica, _data, _layout) = await _thread!.RunAsync(() =>
        {
            var config = ModelConfigJson.Parse(spec.ModelConfigJson);
            var replica = ModelFactory.Replica(config, _device);
            return (replica, new WorkerData(spec, k, config.Training.Seed), replica.LayoutOver(spec.ParameterShards));
        });
    }

    private Task<ShardReply> Pull(IParameterServerGrain shard, int generation, long version, int worker, long[] rowIds)
    {
        _shardCalls++;
        return shard.PullAsync(generation, version, worker, rowIds);
    }

    /// <summary>Pushes one step's gradients to a shard, chunk by chunk; the last chunk's call returns the shard's whole reply.</summary>
    private async Task<IReadOnlyList<NamedBuffer>> Push(IParameterServerGrain shard, long step, int worker, int generation,
        IReadOnlyList<IReadOnlyList<TensorPiece>> chunks, long[] nextRowIds, StepReport? report)
    {
        ShardReply? reply = null;
        for (int c = 0; c < chunks.Count; c++)
        {
            bool last = c == chunks.Count - 1;
            reply = await shard.PushAsync(new GradientChunk(step, worker, c, chunks.Count, chunks[c], generation, last ? nextRowIds : [], last ? report : null));
        }
        return await Complete(shard, step, worker, Task.FromResult(reply!));
    }

    /// <summary>A shard's reply, with any chunks after the first fetched.</summary>
    private async Task<IReadOnlyList<NamedBuffer>> Complete(IParameterServerGrain shard, long version, int worker, Task<ShardReply> first)
    {
        var reply = await first;
        var assembler = new PieceAssembler();
        assembler.Add(reply.Pieces);
        for (int c = 1; c < reply.Chunks; c++)
        {
            _shardCalls++;
            assembler.Add(await shard.ReplyChunkAsync(version, worker, c));
        }
        return assembler.Buffers;
    }

    private static async Task<IReadOnlyList<NamedBuffer>> PullDense(IParameterServerGrain shard, long version)
    {
        var assembler = new PieceAssembler();
        var (first, chunks) = await shard.PullDenseAsync(version, 0);
        assembler.Add(first);
        for (int c = 1; c < chunks; c++) assembler.Add((await shard.PullDenseAsync(version, c)).Pieces);
        return assembler.Buffers;
    }

    /// <summary>[U, E] rows in calls of at most <paramref name="maxRowsPerCall"/> rows, so no reply nears the message limit.</summary>
    private static async Task<NamedBuffer> PullRows(IParameterServerGrain shard, long version, long[] rowIds, int embeddingDim, int maxRowsPerCall)
    {
        var rows = new List<byte>();
        for (int start = 0; start < rowIds.Length; start += Math.Max(1, maxRowsPerCall))
            rows.AddRange(await shard.PullRowsAsync(version, rowIds[start..Math.Min(rowIds.Length, start + Math.Max(1, maxRowsPerCall))]));
        return new NamedBuffer("rows", [rowIds.Length, embeddingDim], sizeof(float), rows.ToArray());
    }

    private static long PayloadBytes(IEnumerable<IReadOnlyList<IReadOnlyList<TensorPiece>>> pushes, bool dense) =>
        pushes.SelectMany(chunks => chunks).SelectMany(pieces => pieces).Where(p => p.Name.StartsWith('@') != dense).Sum(p => (long)p.Data.Length);

    private static long[] RowsInRange(long[] sortedRows, (long Start, long End) range)
    {
        int from = LowerBound(sortedRows, range.Start), to = LowerBound(sortedRows, range.End);
        return sortedRows[from..to];
    }

    private static int LowerBound(long[] sorted, long value)
    {
        int index = Array.BinarySearch(sorted, value);
        return index >= 0 ? index : ~index;
    }

    private async Task InjectFault(JobSpec spec, long step, int worker)
    {
        foreach (var fault in spec.Faults.Where(f => f.Worker == worker && f.Step == step && f.Kind != FaultKind.NaNGradient))
        {
            if (!_faultsFired.Add((step, fault.Kind))) continue;
            if (fault.Kind == FaultKind.Throw) throw new InvalidOperationException($"injected fault: worker {worker} fails at step {step}");
            await Task.Delay(fault.HangFor);
        }
    }
}
