using AdaFtr.Grains.Compute;
using AdaFtr.Grains.Placement;
using AdaFtr.Grains.Wire;
using AdaFtr.Model;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Metrics;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Coordinates logical worker k: reads its batch, pulls version t − 1 (dense parameters and only
/// the rows the batch touches) from every parameter shard, runs the Model's forward/backward on
/// its device thread, and pushes each shard its part. Holds no state that matters: a replacement
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

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_device, _thread) = slots.Claim(this.GetPrimaryKeyString());
        DelayDeactivation(TimeSpan.FromDays(365));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_thread is not null)
            await _thread.RunAsync(() => { _replica?.Dispose(); _data?.Dispose(); });
        slots.Release(this.GetPrimaryKeyString());
    }

    Task<WorkerLocation> IWorkerGrain.GetLocationAsync() => Task.FromResult(Location);

    Task IWorkerGrain.ReleaseAfterAsync(TimeSpan keep)
    {
        if (keep > TimeSpan.Zero) DelayDeactivation(keep);
        else DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private WorkerLocation Location => new(Index, silo.SiloAddress.ToString(), _device);

    async Task<StepReport> IWorkerGrain.RunStepAsync(JobSpec spec, StepOrder order)
    {
        var thread = _thread!;
        int k = Index;
        await InjectFault(spec, order.Step, k);
        await EnsureReplica(spec);
        var (replica, data, layout) = (_replica!, _data!, _layout!);

        // 1. The batch and the rows it needs.
        var (batch, rowIds, after, samples) = await thread.RunAsync(() =>
        {
            var (b, cursorAfter) = data.Read(order.Cursor);
            using var rows = replica.RowsNeeded(b);
            return (b, rows.data<long>().ToArray(), cursorAfter, spec.TrackSampleIds ? b.User.data<long>().ToArray() : null);
        });
        try
        {
            // 2. Version t − 1 from every shard: dense parameters, and the rows in its range.
            long version = order.Step - 1;
            var shards = Enumerable.Range(0, spec.ParameterShards).Select(s => GrainFactory.GetGrain<IParameterServerGrain>(GrainKeys.ParameterShard(spec.JobId, s))).ToList();
            var pulls = await Task.WhenAll(shards.Select((ps, s) => Pull(ps, version, RowsInRange(rowIds, layout.RowRange(s)), spec.MaxMessageBytes / (layout.EmbeddingDim * sizeof(float)))));

            // 3. Forward and backward on this worker's device.
            bool poison = spec.Faults.Any(f => f.Worker == k && f.Step == order.Step && f.Kind == FaultKind.NaNGradient) && _faultsFired.Add((order.Step, FaultKind.NaNGradient));
            var (loss, pushes) = await thread.RunAsync(() =>
            {
                using var scope = torch.NewDisposeScope();
                var dense = pulls.SelectMany(p => p.Dense).ToDictionary(b => b.Name, TensorWire.ToTensor);
                var rows = torch.cat(pulls.Select(p => TensorWire.ToTensor(p.Rows)).ToArray());
                replica.Load(dense, torch.tensor(rowIds, dtype: ScalarType.Int64), rows);
                var gradients = replica.Compute(batch, 1.0 / spec.Workers);
                if (poison) gradients.Dense.Values.First().fill_(double.NaN);
                if (gradients.FirstNonFinite(GradientChunk.RowGradientsName) is { } bad)
                    throw new NonFiniteGradientException($"worker {k} computed NaN/Inf in '{bad}' at step {order.Step}; the step was rejected, nothing was pushed");
                var perShard = Enumerable.Range(0, spec.ParameterShards).Select(s =>
                {
                    var part = WorkerReplica.ForShard(gradients, layout, s);
                    var buffers = part.Dense.Select(kv => TensorWire.Float(kv.Key, kv.Value)).ToList();
                    buffers.Add(TensorWire.Int64(GradientChunk.RowIdsName, part.RowIds));
                    buffers.Add(TensorWire.Float(GradientChunk.RowGradientsName, part.RowGradients));
                    return PieceChunker.Split(buffers, spec.MaxMessageBytes);
                }).ToList();
                return (gradients.Loss, perShard);
            });

            // 4. Push every shard its part, chunk by chunk.
            await Task.WhenAll(shards.Select(async (ps, s) =>
            {
                var chunks = pushes[s];
                for (int c = 0; c < chunks.Count; c++)
                    await ps.PushAsync(new GradientChunk(order.Step, k, c, chunks.Count, chunks[c]));
            }));
            long denseBytes = pulls.Sum(p => p.Dense.Sum(b => (long)b.Data.Length)) + PayloadBytes(pushes, dense: true);
            long sparseBytes = pulls.Sum(p => p.Rows.Data.Length + (long)p.Rows.Shape[0] * sizeof(long)) + PayloadBytes(pushes, dense: false);
            return new StepReport(k, order.Step, loss, after, samples, Location.Silo, _device, denseBytes, sparseBytes);
        }
        finally
        {
            await thread.RunAsync(batch.Dispose);
        }
    }

    async Task<string> IWorkerGrain.EvaluateAsync(JobSpec spec, long version)
    {
        var thread = _thread!;
        await EnsureReplica(spec);
        var (replica, layout) = (_replica!, _layout!);
        var shards = Enumerable.Range(0, spec.ParameterShards).Select(s => GrainFactory.GetGrain<IParameterServerGrain>(GrainKeys.ParameterShard(spec.JobId, s))).ToList();
        var dense = (await Task.WhenAll(shards.Select(ps => PullDense(ps, version)))).SelectMany(d => d).ToList();
        using var reader = await thread.RunAsync(() => EvaluationReader.Open(spec, Index));
        IReadOnlyList<TaskEvaluation>? merged = null;
        while (await thread.RunAsync(() => reader.Next(replica)) is { } next)
        {
            var (batch, rowIds) = next;
            try
            {
                var rows = await Task.WhenAll(shards.Select((ps, s) => PullRows(ps, version, RowsInRange(rowIds, layout.RowRange(s)), spec.MaxMessageBytes / (layout.EmbeddingDim * sizeof(float)))));
                var part = await thread.RunAsync(() =>
                {
                    using var scope = torch.NewDisposeScope();
                    replica.Load(dense.ToDictionary(b => b.Name, TensorWire.ToTensor), torch.tensor(rowIds, dtype: ScalarType.Int64),
                        torch.cat(rows.Select(TensorWire.ToTensor).ToArray()));
                    return replica.Evaluate(batch);
                });
                merged = merged is null ? part : merged.Zip(part, (a, b) => a.Merge(b)).ToList();
            }
            finally
            {
                await thread.RunAsync(batch.Dispose);
            }
        }
        return JsonSerializer.Serialize(merged ?? []);
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

    private sealed record Pulled(IReadOnlyList<NamedBuffer> Dense, NamedBuffer Rows);

    private static async Task<Pulled> Pull(IParameterServerGrain shard, long version, long[] rowIds, int maxRowsPerCall) =>
        new(await PullDense(shard, version), await PullRows(shard, version, rowIds, maxRowsPerCall));

    private static async Task<IReadOnlyList<NamedBuffer>> PullDense(IParameterServerGrain shard, long version)
    {
        var assembler = new PieceAssembler();
        var (first, chunks) = await shard.PullDenseAsync(version, 0);
        assembler.Add(first);
        for (int c = 1; c < chunks; c++) assembler.Add((await shard.PullDenseAsync(version, c)).Pieces);
        return assembler.Buffers;
    }

    /// <summary>[U, E] rows in calls of at most <paramref name="maxRowsPerCall"/> rows, so no reply nears the message limit.</summary>
    private static async Task<NamedBuffer> PullRows(IParameterServerGrain shard, long version, long[] rowIds, int maxRowsPerCall)
    {
        var rows = new List<byte>();
        for (int start = 0; start < rowIds.Length; start += Math.Max(1, maxRowsPerCall))
            rows.AddRange(await shard.PullRowsAsync(version, rowIds[start..Math.Min(rowIds.Length, start + Math.Max(1, maxRowsPerCall))]));
        var embeddingDim = rowIds.Length == 0 ? 0 : rows.Count / sizeof(float) / rowIds.Length;
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
