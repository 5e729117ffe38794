using AdaFtr.Model.Distributed;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Optim;
using TorchSharp;

namespace AdaFtr.Model.Tests.Distributed;

/// <summary>A warm start takes a saved shard's parameters and nothing else: fresh Adam state, version 0.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class WarmStartTests
{
    [Fact]
    public void A_warm_started_shard_holds_the_saved_parameters_and_trains_on_with_a_fresh_optimizer()
    {
        var config = TinyModels.Config();
        using var replica = new WorkerReplica(config);
        var layout = replica.LayoutOver(1);
        var settings = AdamSettings.From(config.Optimizer);
        ParameterShard Fresh(IReadOnlyDictionary<string, torch.Tensor> dense, torch.Tensor rows) => new(layout, 0, settings, dense, rows);

        torch.manual_seed(3);
        using var seeded = new AdaFtrModel(config);
        var initial = seeded.named_parameters().ToDictionary(p => p.name, p => (torch.Tensor)p.parameter);
        using var trained = Fresh(layout.DenseOf(0).ToDictionary(d => d.Name, d => initial[d.Name]), initial[AdaFtrModel.EmbeddingName]);
        for (int step = 0; step < 3; step++) Step(trained, replica, seed: step);

        var zeros = layout.DenseOf(0).ToDictionary(d => d.Name, d => torch.zeros_like(initial[d.Name]));
        using var zeroRows = torch.zeros_like(initial[AdaFtrModel.EmbeddingName]);
        using var warm = Fresh(zeros, zeroRows);   // copies them
        foreach (var zero in zeros.Values) zero.Dispose();
        using (var scope = torch.NewDisposeScope())
            warm.RestoreParameters(trained.StateTensors().ToDictionary(t => t.Name, t => t.Tensor));
        warm.Version.Should().Be(0);
        Difference(warm, trained).Should().Be(0);

        // The same next step from the same values: equal to a shard built fresh on them, unlike the trained shard whose Adam has history.
        using var rebuilt = Fresh(trained.Dense, trained.AllRows);
        Step(warm, replica, seed: 9);
        Step(rebuilt, replica, seed: 9);
        Step(trained, replica, seed: 9);
        Difference(warm, rebuilt).Should().Be(0);
        Difference(warm, trained).Should().BeGreaterThan(0);
        warm.Version.Should().Be(1);
    }

    private static void Step(ParameterShard shard, WorkerReplica replica, int seed)
    {
        using var scope = torch.NewDisposeScope();
        using var batch = TinyModels.RandomBatch(8, seed: 40 + seed);
        var index = replica.Index(batch);
        replica.Load(shard.Dense.ToDictionary(kv => kv.Key, kv => kv.Value));
        var gradients = replica.Compute(batch, index, shard.Rows(index.RowIds), 1.0);
        shard.Apply([WorkerReplica.ForShard(gradients, replica.LayoutOver(1), 0)]);
    }

    private static float Difference(ParameterShard a, ParameterShard b)
    {
        using var scope = torch.NewDisposeScope();
        return a.Dense.Keys.Select(name => (a.Dense[name] - b.Dense[name]).abs().max().item<float>())
            .Append((a.AllRows - b.AllRows).abs().max().item<float>()).Max();
    }
}
