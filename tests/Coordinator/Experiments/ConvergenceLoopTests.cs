using AdaFtr.Coordinator.Experiments;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Features;
using AdaFtr.Model.Networks;
using TorchSharp;

namespace AdaFtr.Coordinator.Tests.Experiments;

[Collection(TorchCollection.Name)]
[Trait("Category", "Experiments")]
public sealed class ConvergenceLoopTests
{
    /// <summary>Runs the loop on scripted validation figures; the "weights" are the number of the epoch that last trained.</summary>
    private static (TrainingTrace Trace, int Weights, int Kept) Scripted(double[] figures, int maxEpochs, int patience)
    {
        int weights = 0, kept = 0, restored = 0;
        var trace = ConvergenceLoop.Run(maxEpochs, patience,
            epoch => { weights = epoch; return (10, 640, 1.0 / epoch); },
            () => figures[weights - 1],
            () => kept = weights,
            () => { weights = kept; restored++; });
        restored.Should().BeLessThanOrEqualTo(1);
        return (trace, weights, kept);
    }

    [Fact]
    public void It_stops_after_patience_epochs_without_a_new_best_and_leaves_the_best_epochs_weights()
    {
        // Best so far: 0.60 (1), 0.65 (2), 0.66 (4); epochs 5 and 6 are not above 0.66, so with patience 2 epoch 6 is the last.
        double[] figures = [0.60, 0.65, 0.64, 0.66, 0.63, 0.66, 0.90];

        var (trace, weights, kept) = Scripted(figures, maxEpochs: 10, patience: 2);

        trace.Epochs.Should().Be(6);
        trace.BestEpoch.Should().Be(4);
        trace.BestValidation.Should().Be(0.66);
        trace.Validation.Should().Equal(0.60, 0.65, 0.64, 0.66, 0.63, 0.66);
        kept.Should().Be(4);
        weights.Should().Be(4, "the best epoch's weights are evaluated, not the last epoch's (6)");
        trace.Steps.Should().Be(60);
        trace.Samples.Should().Be(3840);
        trace.FinalLoss.Should().BeApproximately(1.0 / 6, 1e-12);
    }

    [Fact]
    public void Max_epochs_cap_a_run_that_keeps_improving_and_a_figure_that_is_not_finite_is_never_the_best()
    {
        var capped = Scripted([0.5, 0.6, 0.7, 0.8], maxEpochs: 3, patience: 1);
        capped.Trace.Epochs.Should().Be(3);
        capped.Weights.Should().Be(3);

        // NaN (a validation set without positives) never improves: best is epoch 2, and patience 2 ends the run at epoch 4.
        var nan = Scripted([double.NaN, 0.5, double.NaN, 0.4, 0.9], maxEpochs: 10, patience: 2);
        nan.Trace.Epochs.Should().Be(4);
        nan.Trace.BestEpoch.Should().Be(2);
        nan.Weights.Should().Be(2);
    }

    [Fact]
    public void Without_any_finite_figure_the_last_weights_stay()
    {
        var none = Scripted([double.NaN, double.NaN, double.NaN], maxEpochs: 3, patience: 5);
        none.Trace.BestEpoch.Should().Be(0);
        none.Weights.Should().Be(3);
    }

    [Fact]
    public void Kept_weights_written_back_equal_the_model_at_the_time_they_were_kept()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var schema = new FeatureSchema([new SparseField("user", 5), new SparseField("item", 4)], ["d"], ["ctr", "cvr"], "user");
        using var model = new AdaFtrModel(new ModelConfig { Schema = schema, EmbeddingDim = 2, Backbone = new BackboneConfig { ExpertLayers = [4] }, TowerLayers = [3] });
        using var best = new BestWeights(model);
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

        best.Keep();
        using (torch.no_grad())
            foreach (var (_, parameter) in model.named_parameters()) parameter.add_(1.0);
        model.named_parameters().First().parameter.allclose(before[model.named_parameters().First().name], rtol: 0, atol: 0).Should().BeFalse();
        best.Restore();

        foreach (var (name, parameter) in model.named_parameters())
            parameter.allclose(before[name], rtol: 0, atol: 0).Should().BeTrue(name);
    }
}
