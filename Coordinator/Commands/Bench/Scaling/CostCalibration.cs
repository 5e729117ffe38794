using System.Diagnostics;
using AdaFtr.Grains;
using AdaFtr.Grains.Wire;
using AdaFtr.Model;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Optim;
using AdaFtr.Shards.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// Times, on this machine and in this process, the work a worker and a parameter-server shard do
/// per step with the code the grains run (<see cref="WorkerReplica"/>, <see cref="TensorWire"/>,
/// <see cref="PieceChunker"/>, <see cref="ParameterShard"/>) on aliccp-like batches. Grain-call
/// overhead is measured separately (<see cref="RpcOverhead"/>).
/// </summary>
public static class CostCalibration
{
    private const int WarmupSteps = 3, Repeats = 7, DistinctBatches = 4, LargeBatchFactor = 4;

    /// <returns>Costs with <see cref="MeasuredCosts.RpcOverheadSeconds"/> 0.</returns>
    /// <param name="device">The worker's device (<c>cpu</c>, <c>cuda:N</c>); batches and replied values go there as in a worker, the shard's Adam stays on the CPU.</param>
    public static MeasuredCosts Measure(ModelConfig config, int batchPerWorker, int steps, int maxMessageBytes, string device, CancellationToken cancellationToken)
    {
        var batches = new AliCcpLikeGenerator(new SyntheticOptions((long)batchPerWorker * DistinctBatches, Seed: 11, WriteTruth: false))
            .ReadChunks(batchPerWorker).Select(chunk => chunk.ToBatch()).ToList();
        int largeRows = batchPerWorker * LargeBatchFactor;
        using var large = new AliCcpLikeGenerator(new SyntheticOptions(largeRows, Seed: 12, WriteTruth: false)).ReadChunks(largeRows).Single().ToBatch();
        using var model = new AdaFtrModel(config);
        using var replica = new WorkerReplica(config, device);
        var indexes = batches.Select(replica.Index).ToList();   // as read ahead, off the timed step
        var layout = ParameterLayout.Of(model, 1);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var dense = parameters.Where(p => p.Key != AdaFtrModel.EmbeddingName).ToDictionary();
        var table = parameters[AdaFtrModel.EmbeddingName];
        try
        {
            var times = new List<double>();
            for (int step = 0; step < WarmupSteps + steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var clock = Stopwatch.StartNew();
                WorkerStep(replica, layout, batches[step % batches.Count], indexes[step % batches.Count], dense, table);
                if (step >= WarmupSteps) times.Add(clock.Elapsed.TotalSeconds);
            }
            double mean = times.Average();
            double jitter = Math.Sqrt(times.Sum(t => (t - mean) * (t - mean)) / Math.Max(1, times.Count - 1));

            using var scopeForApply = torch.NewDisposeScope();
            var gradients = OnCpu(WorkerStep(replica, layout, batches[0], indexes[0], dense, table));
            var largeGradients = OnCpu(WorkerStep(replica, layout, large, replica.Index(large), dense, table));
            var (encode, decode) = WireCosts(gradients, maxMessageBytes);
            var apply = ApplyCosts(config, layout, gradients, largeGradients, dense, table);
            return new MeasuredCosts(mean, jitter, 0, encode, decode, apply.DenseApply, apply.Merge, apply.RowFixed, apply.RowApply);
        }
        finally
        {
            foreach (var batch in batches) batch.Dispose();
            foreach (var index in indexes) index.Dispose();
        }
    }

    /// <summary>
    /// What <c>WorkerGrain.RunStepsAsync</c> computes on the device thread between the shards' replies and its pushes,
    /// less the wire conversions (<see cref="WireCosts"/>); the batch's rows were found when it was read ahead. Tensors
    /// land in the caller's scope.
    /// </summary>
    private static ShardGradients WorkerStep(WorkerReplica replica, ParameterLayout layout, Batch batch, LookupIndex index,
        IReadOnlyDictionary<string, Tensor> dense, Tensor table)
    {
        replica.Load(dense);
        var gradients = replica.Compute(batch, index, table.index_select(0, index.RowIds), 1.0);   // rows as replied
        if (gradients.FirstNonFinite(GradientChunk.RowGradientsName) is { } bad)
            throw new InvalidOperationException($"the calibration step's gradient '{bad}' is not finite");
        return WorkerReplica.ForShard(gradients, layout, 0);
    }

    /// <summary>The gradients as a shard receives them: on the CPU, whatever the worker's device.</summary>
    private static ShardGradients OnCpu(ShardGradients gradients) =>
        new(gradients.Dense.ToDictionary(kv => kv.Key, kv => kv.Value.cpu()), gradients.RowIds.cpu(), gradients.RowGradients.cpu());

    /// <summary>
    /// Seconds per payload byte of a push: encoding it (tensors to buffers, chunks; what a worker does to its push and a
    /// shard to its replies) and decoding it (assembly, buffers to tensors; what a shard does to each push and a worker
    /// to each reply), as <c>WorkerGrain</c> and <c>ParameterServerGrain</c> do them; medians of <see cref="Repeats"/>.
    /// </summary>
    private static (double Encode, double Decode) WireCosts(ShardGradients gradients, int maxMessageBytes)
    {
        List<NamedBuffer> Buffers()
        {
            var buffers = gradients.Dense.Select(kv => TensorWire.Float(kv.Key, kv.Value)).ToList();
            buffers.Add(TensorWire.Int64(GradientChunk.RowIdsName, gradients.RowIds));
            buffers.Add(TensorWire.Float(GradientChunk.RowGradientsName, gradients.RowGradients));
            return buffers;
        }
        double bytes = Buffers().Sum(b => (double)b.Data.Length);
        IReadOnlyList<IReadOnlyList<TensorPiece>> chunks = [];
        double encode = Median(() => chunks = PieceChunker.Split(Buffers(), maxMessageBytes));
        double decode = Median(() =>
        {
            using var scope = torch.NewDisposeScope();
            var assembler = new PieceAssembler();
            foreach (var chunk in chunks) assembler.Add(chunk);
            foreach (var buffer in assembler.Buffers) TensorWire.ToTensor(buffer);
        });
        return (encode / bytes, decode / bytes);
    }

    /// <summary>
    /// Adam costs on a one-shard copy of the model: per dense parameter (a gradient without rows),
    /// per merged row and per apply with rows (the slope and intercept between a batch's rows and
    /// those of a batch <see cref="LargeBatchFactor"/>× larger), and per float of each further
    /// worker's push (two identical pushes against one); medians of <see cref="Repeats"/>.
    /// </summary>
    private static (double DenseApply, double Merge, double RowFixed, double RowApply) ApplyCosts(ModelConfig config, ParameterLayout layout,
        ShardGradients gradients, ShardGradients largeGradients, IReadOnlyDictionary<string, Tensor> dense, Tensor table)
    {
        var denseOnly = gradients with { RowIds = gradients.RowIds.narrow(0, 0, 0), RowGradients = gradients.RowGradients.narrow(0, 0, 0) };
        using var shard = new ParameterShard(layout, 0, AdamSettings.From(config.Optimizer), dense, table);
        double elements = layout.Dense.Sum(d => d.Elements), rows = gradients.RowIds.shape[0], largeRows = largeGradients.RowIds.shape[0];
        double withoutRows = Median(() => shard.Apply([denseOnly]));
        double one = Median(() => shard.Apply([gradients]));
        double larger = Median(() => shard.Apply([largeGradients]));
        double two = Median(() => shard.Apply([gradients, gradients]));
        // On a shared machine a difference can come out below zero: a cost is never negative.
        double perRow = Math.Max(0, larger - one) / (largeRows - rows);
        return (withoutRows / elements,
            Math.Max(0, two - one) / (elements + rows * layout.EmbeddingDim),
            Math.Max(0, one - withoutRows - perRow * rows),
            perRow);
    }

    /// <summary>Median seconds of <see cref="Repeats"/> runs after one untimed run.</summary>
    private static double Median(Action action)
    {
        action();
        var times = new List<double>();
        for (int i = 0; i < Repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        return times.Order().ElementAt(times.Count / 2);
    }
}
