using AdaFtr.Model.Configuration;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Optim;
using AdaFtr.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Distributed;

/// <summary>
/// The maths of data-parallel training without any cluster: K worker replicas pulling from S
/// parameter shards and pushing gradients must end where the local trainer with K micro-batches
/// ends. The Orleans path runs the same classes; this pins the arithmetic down first.
/// </summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Equivalence")]
public sealed class DataParallelEquivalenceTests
{
    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(2, 2, false)]
    [InlineData(4, 3, false)]
    [InlineData(3, 2, true)]
    public void K_workers_over_S_shards_equal_the_local_trainer_with_K_micro_batches(int workers, int shards, bool jointReading)
    {
        const int perWorker = 4, steps = 12;
        var config = TinyModels.Config() with { Training = new TrainingConfig { BatchSize = workers * perWorker, MicroBatches = workers, Seed = 5 } };
        // eq. 14 read jointly with L2 on all of Θ: both live in each worker's loss, so the sums must still agree.
        if (jointReading) config = config with { Objective = config.Objective with { RelatednessTrainsBackbone = true, L2Scope = L2Scope.All } };
        using var local = new LocalTrainer(config);
        var layout = ParameterLayout.Of(local.Model, shards);
        var initial = local.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var settings = AdamSettings.From(config.Optimizer);
        var servers = Enumerable.Range(0, shards).Select(s =>
        {
            var (start, end) = layout.RowRange(s);
            return new ParameterShard(layout, s, settings, layout.DenseOf(s).ToDictionary(d => d.Name, d => initial[d.Name]),
                initial["features.weight"].narrow(0, start, end - start));
        }).ToList();
        var replicas = Enumerable.Range(0, workers).Select(_ => new WorkerReplica(config)).ToList();

        for (int step = 0; step < steps; step++)
        {
            using var batch = TinyModels.RandomBatch(workers * perWorker, seed: 100 + step);
            local.TrainStep(batch);

            using var scope = torch.NewDisposeScope();
            var pushes = Enumerable.Range(0, shards).Select(_ => new List<ShardGradients>()).ToList();
            for (int k = 0; k < workers; k++)
            {
                using var micro = batch.Slice(k * perWorker, perWorker);
                var index = replicas[k].Index(micro);
                var rows = index.RowIds;
                var pulledRows = torch.cat(servers.Select(s =>
                {
                    var (start, end) = layout.RowRange(s.Shard);
                    return s.Rows(rows.masked_select((rows >= start).logical_and(rows < end)));
                }).ToArray());
                replicas[k].Load(servers.SelectMany(s => s.Dense).ToDictionary(kv => kv.Key, kv => kv.Value));
                var gradients = replicas[k].Compute(micro, index, pulledRows, 1.0 / workers);
                for (int s = 0; s < shards; s++) pushes[s].Add(WorkerReplica.ForShard(gradients, layout, s));
            }
            for (int s = 0; s < shards; s++) servers[s].Apply(pushes[s]);
        }

        double worst = 0;
        foreach (var (name, parameter) in local.Model.named_parameters())
        {
            var distributed = name == "features.weight"
                ? torch.cat(servers.Select(s => s.AllRows).ToArray())
                : servers[layout.Dense.Single(d => d.Name == name).Shard].Dense[name];
            worst = Math.Max(worst, (parameter - distributed).abs().max().item<float>());
        }
        worst.Should().BeLessThanOrEqualTo(1e-6);
        servers.Should().OnlyContain(s => s.Version == steps);
        foreach (var d in servers) d.Dispose();
        foreach (var r in replicas) r.Dispose();
    }

    [Fact]
    public void The_layout_splits_dense_parameters_by_size_and_rows_into_contiguous_ranges()
    {
        var layout = new ParameterLayout([("a", [10, 10]), ("b", [60]), ("c", [50]), ("d", [5])], embeddingRows: 10, embeddingDim: 4, shards: 2);
        layout.Dense.Single(d => d.Name == "a").Shard.Should().Be(0);   // 100 elements, first
        layout.Dense.Single(d => d.Name == "b").Shard.Should().Be(1);   // 60 to the empty shard
        layout.Dense.Single(d => d.Name == "c").Shard.Should().Be(1);   // 50: shard 1 holds 60 < 100
        layout.Dense.Single(d => d.Name == "d").Shard.Should().Be(0);   // 5: shard 0 holds 100 < 110
        layout.RowRange(0).Should().Be((0L, 5L));
        layout.RowRange(1).Should().Be((5L, 10L));
    }
}
