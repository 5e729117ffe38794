using System.Diagnostics;
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
/// per step with the very code the grains run (<see cref="WorkerReplica"/>, <see cref="ParameterShard"/>)
/// on aliccp-like batches. Grain-call overhead is measured separately (<see cref="RpcOverhead"/>).
/// </summary>
public static class CostCalibration
{
    private const int WarmupSteps = 3, ApplyRepeats = 7, DistinctBatches = 4;

    /// <param name="workers">K, for the 1/K loss scale the workers use (it does not change the cost).</param>
    /// <returns>Costs with <see cref="MeasuredCosts.RpcOverheadSeconds"/> 0.</returns>
    public static MeasuredCosts Measure(ModelConfig config, int batchPerWorker, int workers, int steps, CancellationToken cancellationToken)
    {
        var generator = new AliCcpLikeGenerator(new SyntheticOptions((long)batchPerWorker * DistinctBatches, Seed: 11, WriteTruth: false));
        var batches = generator.ReadChunks(batchPerWorker).Select(chunk => chunk.ToBatch()).ToList();
        using var model = new AdaFtrModel(config);
        using var replica = new WorkerReplica(config);
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
                WorkerStep(replica, layout, batches[step % batches.Count], dense, table, workers);
                if (step >= WarmupSteps) times.Add(clock.Elapsed.TotalSeconds);
            }
            double mean = times.Average();
            double jitter = Math.Sqrt(times.Sum(t => (t - mean) * (t - mean)) / Math.Max(1, times.Count - 1));
            var (denseApply, merge, rowApply) = ApplyCosts(config, replica, layout, batches[0], dense, table);
            return new MeasuredCosts(mean, jitter, 0, denseApply, merge, rowApply);
        }
        finally
        {
            foreach (var batch in batches) batch.Dispose();
        }
    }

    /// <summary>What <c>WorkerGrain.RunStepAsync</c> computes between its pull and its push; tensors land in the caller's scope.</summary>
    private static ShardGradients WorkerStep(WorkerReplica replica, ParameterLayout layout, AdaFtr.Model.Batch batch,
        IReadOnlyDictionary<string, Tensor> dense, Tensor table, int workers)
    {
        var rowIds = replica.RowsNeeded(batch);                       // [U]
        replica.Load(dense, rowIds, table.index_select(0, rowIds));   // values as pulled
        var gradients = replica.Compute(batch, 1.0 / workers);
        return WorkerReplica.ForShard(gradients, layout, 0);
    }

    /// <summary>
    /// Seconds per dense parameter (one worker's gradient, no rows), per merged row (the extra time
    /// when the rows come too) and per float of each further worker's push (two identical pushes
    /// against one): medians of <see cref="ApplyRepeats"/> applies on a one-shard copy of the model.
    /// </summary>
    private static (double DenseApply, double Merge, double RowApply) ApplyCosts(ModelConfig config, WorkerReplica replica, ParameterLayout layout,
        AdaFtr.Model.Batch batch, IReadOnlyDictionary<string, Tensor> dense, Tensor table)
    {
        using var scope = torch.NewDisposeScope();
        var gradients = WorkerStep(replica, layout, batch, dense, table, 1);
        var denseOnly = gradients with { RowIds = gradients.RowIds.narrow(0, 0, 0), RowGradients = gradients.RowGradients.narrow(0, 0, 0) };
        using var shard = new ParameterShard(layout, 0, AdamSettings.From(config.Optimizer), dense, table);
        double elements = layout.Dense.Sum(d => d.Elements), rows = gradients.RowIds.shape[0];
        double withoutRows = MedianApply(shard, [denseOnly]);
        double one = MedianApply(shard, [gradients]);
        double two = MedianApply(shard, [gradients, gradients]);
        // On a shared machine a difference can come out below zero: a cost is never negative.
        return (withoutRows / elements,
            Math.Max(0, two - one) / (elements + rows * layout.EmbeddingDim),
            Math.Max(0, one - withoutRows) / rows);
    }

    private static double MedianApply(ParameterShard shard, IReadOnlyList<ShardGradients> pushes)
    {
        shard.Apply(pushes);
        var times = new List<double>();
        for (int i = 0; i < ApplyRepeats; i++)
        {
            var clock = Stopwatch.StartNew();
            shard.Apply(pushes);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        return times.Order().ElementAt(times.Count / 2);
    }
}
