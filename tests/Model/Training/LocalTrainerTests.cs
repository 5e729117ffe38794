using AdaFtr.Model.Configuration;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Objectives;
using AdaFtr.Model.Optim;
using AdaFtr.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Training;

[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class LocalTrainerTests
{
    [Fact]
    public void The_same_seed_gives_the_same_weights_on_cpu()
    {
        var first = TrainedWeights(seed: 5);
        var second = TrainedWeights(seed: 5);
        var other = TrainedWeights(seed: 6);
        first.Keys.Should().Equal(second.Keys);
        foreach (var name in first.Keys) first[name].Should().Equal(second[name], name);
        first.Keys.Should().Contain(n => !first[n].SequenceEqual(other[n]));
    }

    [Fact]
    public void A_step_of_K_micro_batches_applies_the_mean_of_their_separate_gradients()
    {
        using var scope = torch.NewDisposeScope();
        var config = TinyModels.Config() with { Training = new TrainingConfig { BatchSize = 8, MicroBatches = 2, Seed = 9 } };
        using var batch = TinyModels.RandomBatch(8, seed: 4);
        using var trainer = new LocalTrainer(config);
        trainer.TrainStep(batch);

        // The reference: each half on its own, a plain backward each, gradients averaged by hand.
        torch.manual_seed(9);
        using var model = new AdaFtrModel(config);
        var objective = new AdaFtrObjective(config.Objective);
        var denseSums = new Dictionary<string, Tensor>();
        var table = torch.zeros_like(model.Features.Weight);
        foreach (var (start, count) in new[] { (0L, 4L), (4L, 4L) })
        {
            model.zero_grad();
            using var half = batch.Slice(start, count);
            var outputs = model.call(half.Sparse, half.Dense);
            objective.Compute(outputs, half.Labels).Total.backward();
            table.index_add_(0, outputs.Lookup.RowIds, outputs.Lookup.RowGradients(), 0.5);
            foreach (var (name, p) in model.named_parameters())
                if (p.grad is { } g) denseSums[name] = denseSums.TryGetValue(name, out var s) ? s + 0.5 * g : 0.5 * g;
        }
        foreach (var (name, p) in model.named_parameters())
            if (denseSums.TryGetValue(name, out var mean)) p.grad = mean;
        var touched = table.abs().sum(1).nonzero().squeeze(1);
        using var adam = new LazyAdam(model, AdamSettings.From(config.Optimizer));
        adam.Step(touched, table.index_select(0, touched));

        foreach (var ((name, expected), (_, actual)) in model.named_parameters().Zip(trainer.Model.named_parameters()))
            actual.allclose(expected, rtol: 1e-5, atol: 1e-7).Should().BeTrue(name);
    }

    [Fact]
    public void Training_lowers_the_loss_of_a_fixed_batch()
    {
        using var batch = TinyModels.RandomBatch(16, seed: 8);
        var config = TinyModels.Config() with { Optimizer = new OptimizerConfig { LearningRate = 0.01 } };
        using var trainer = new LocalTrainer(config);
        var first = trainer.TrainStep(batch).Total;
        double last = first;
        for (int i = 0; i < 60; i++) last = trainer.TrainStep(batch).Total;
        last.Should().BeLessThan(first * 0.8);
        trainer.Evaluate([batch]).Should().HaveCount(2).And.OnlyContain(e => e.LogLoss.Count == 16);
    }

    private static Dictionary<string, float[]> TrainedWeights(int seed)
    {
        var config = TinyModels.Config() with { Training = new TrainingConfig { BatchSize = 8, MicroBatches = 2, Seed = seed } };
        using var trainer = new LocalTrainer(config);
        for (int step = 0; step < 3; step++)
        {
            using var batch = TinyModels.RandomBatch(8, seed: step);
            trainer.TrainStep(batch);
        }
        return trainer.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.data<float>().ToArray());
    }
}
