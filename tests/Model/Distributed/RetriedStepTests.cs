using AdaFtr.Model.Configuration;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Distributed;

/// <summary>
/// The failover contract: a worker that dies mid-step is reactivated and redoes the step, and the
/// result must not change. Here every step is computed once by long-lived replicas, and again by
/// a throw-away attempt followed by a fresh replica's retry; the parameters must be the same bits.
/// The replicas run on <c>ADAFTR_TEST_DEVICE</c> (cpu unless set; scripts/gpu-check.sh sets cuda:0).
/// </summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Equivalence")]
public sealed class RetriedStepTests
{
    private const int Workers = 2, Shards = 3, PerWorker = 6, Steps = 6;

    [Fact]
    public void A_step_redone_by_a_fresh_replica_gives_bit_identical_parameters()
    {
        string device = Environment.GetEnvironmentVariable("ADAFTR_TEST_DEVICE") is { Length: > 0 } d ? d : "cpu";
        var config = TinyModels.Config() with { Training = new TrainingConfig { BatchSize = Workers * PerWorker, MicroBatches = Workers, Seed = 3 } };
        using var once = Servers(config);
        using var retried = Servers(config);
        var kept = Enumerable.Range(0, Workers).Select(_ => new WorkerReplica(config, device)).ToList();

        for (int step = 0; step < Steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            using var batch = TinyModels.RandomBatch(Workers * PerWorker, seed: 60 + step);
            once.Apply(Enumerable.Range(0, Workers).Select(k => once.Gradients(kept[k], batch, k)).ToList());
            retried.Apply(Enumerable.Range(0, Workers).Select(k =>
            {
                using (var attempt = new WorkerReplica(config, device)) retried.Gradients(attempt, batch, k);   // lost with its silo
                using var fresh = new WorkerReplica(config, device);
                return retried.Gradients(fresh, batch, k);
            }).ToList());
        }

        foreach (var (a, b) in once.State().Zip(retried.State()))
        {
            a.Name.Should().Be(b.Name);
            Bits(a.Tensor).Should().Equal(Bits(b.Tensor), $"'{a.Name}' after {Steps} steps must be the same bits");
        }
        using var initial = Servers(config);
        initial.State().Zip(once.State()).Should().Contain(p => !Bits(p.First.Tensor).SequenceEqual(Bits(p.Second.Tensor)), "training moved the parameters");
        foreach (var replica in kept) replica.Dispose();
    }

    private static byte[] Bits(Tensor tensor)
    {
        using var host = tensor.cpu().contiguous();
        return host.bytes.ToArray();
    }

    private static ShardSet Servers(ModelConfig config)
    {
        torch.manual_seed(config.Training.Seed);
        using var model = new AdaFtrModel(config);
        var layout = ParameterLayout.Of(model, Shards);
        var initial = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        return new ShardSet(layout, Enumerable.Range(0, Shards).Select(s =>
        {
            var (start, end) = layout.RowRange(s);
            return new ParameterShard(layout, s, AdamSettings.From(config.Optimizer), layout.DenseOf(s).ToDictionary(d => d.Name, d => initial[d.Name]),
                initial[AdaFtrModel.EmbeddingName].narrow(0, start, end - start));
        }).ToList());
    }

    /// <summary>S parameter shards and what a worker does against them in one step.</summary>
    private sealed class ShardSet(ParameterLayout layout, IReadOnlyList<ParameterShard> shards) : IDisposable
    {
        /// <summary>Worker <paramref name="k"/>'s pushes for its slice of <paramref name="batch"/>, one per shard, on the CPU as they travel.</summary>
        public IReadOnlyList<ShardGradients> Gradients(WorkerReplica replica, Batch batch, int k)
        {
            using var micro = batch.Slice(k * PerWorker, PerWorker);
            using var index = replica.Index(micro);
            var rows = torch.cat(shards.Select(s =>
            {
                var (start, end) = layout.RowRange(s.Shard);
                return s.Rows(index.RowIds.masked_select((index.RowIds >= start).logical_and(index.RowIds < end)));
            }).ToArray());
            replica.Load(shards.SelectMany(s => s.Dense).ToDictionary(kv => kv.Key, kv => kv.Value));
            var gradients = replica.Compute(micro, index, rows, 1.0 / Workers);
            return Enumerable.Range(0, Shards).Select(s => WorkerReplica.ForShard(gradients, layout, s)).Select(g =>
                new ShardGradients(g.Dense.ToDictionary(kv => kv.Key, kv => kv.Value.cpu()), g.RowIds.cpu(), g.RowGradients.cpu())).ToList();
        }

        public void Apply(IReadOnlyList<IReadOnlyList<ShardGradients>> inWorkerOrder)
        {
            for (int s = 0; s < Shards; s++) shards[s].Apply(inWorkerOrder.Select(w => w[s]).ToList());
        }

        public IEnumerable<(string Name, Tensor Tensor)> State() => shards.SelectMany(s => s.StateTensors().Select(t => ($"{s.Shard}/{t.Name}", t.Tensor)));

        public void Dispose()
        {
            foreach (var shard in shards) shard.Dispose();
        }
    }
}
