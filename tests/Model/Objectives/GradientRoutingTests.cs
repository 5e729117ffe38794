using AdaFtr.Model.Configuration;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Objectives;

/// <summary>Algorithm 1: Ω (relatedness) learns from L_rel only; Θ (everything else) never from L_rel.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class GradientRoutingTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Relatedness_loss_reaches_only_the_relatedness_parameters(int tasks)
    {
        using var scope = torch.NewDisposeScope();
        var (model, outputs, terms) = Forward(tasks);
        using var _ = model;
        terms.Relatedness.backward();
        var gradients = GradientCheckTests.AnalyticGradients(model, outputs);
        foreach (var (name, gradient) in gradients)
        {
            double norm = gradient.abs().max().ToDouble();
            if (!name.StartsWith(AdaFtrModel.RelatednessPrefix)) norm.Should().Be(0, $"{name} must get no gradient from L_rel");
        }
        for (int p = 0; p < tasks - 1; p++)   // the output bias always learns from L_rel, whatever ReLUs a tiny net has dead
            gradients[$"relatedness.{p}.output.bias"].abs().max().ToDouble().Should().BeGreaterThan(0);
    }

    [Theory]
    [InlineData(2, TemperatureMode.Adaptive)]
    [InlineData(3, TemperatureMode.Adaptive)]
    [InlineData(2, TemperatureMode.Learnable)]
    public void Task_and_contrastive_losses_never_reach_the_relatedness_parameters(int tasks, TemperatureMode temperature)
    {
        using var scope = torch.NewDisposeScope();
        var (model, outputs, terms) = Forward(tasks, temperature);
        using var _ = model;
        var others = terms.Task.Aggregate((a, b) => a + b) + terms.Alignment + terms.Regularization + terms.Pairwise;
        others.backward();
        var gradients = GradientCheckTests.AnalyticGradients(model, outputs);
        foreach (var (name, gradient) in gradients)
        {
            double norm = gradient.abs().max().ToDouble();
            if (name.StartsWith(AdaFtrModel.RelatednessPrefix)) norm.Should().Be(0, $"{name} must get no gradient from task or contrastive losses");
        }
        gradients[AdaFtrModel.EmbeddingName].abs().max().ToDouble().Should().BeGreaterThan(0);
        for (int t = 0; t < tasks; t++)
            gradients[$"towers.{t}.hidden.layers.0.weight"].abs().max().ToDouble().Should().BeGreaterThan(0);
    }

    [Fact]
    public void The_contrastive_loss_alone_moves_the_towers_first_layers_and_the_backbone()
    {
        using var scope = torch.NewDisposeScope();
        var (model, outputs, terms) = Forward(2);
        using var _ = model;
        terms.Alignment.backward();
        var gradients = GradientCheckTests.AnalyticGradients(model, outputs);
        gradients["towers.0.hidden.layers.0.weight"].abs().max().ToDouble().Should().BeGreaterThan(0);
        gradients["towers.1.hidden.layers.0.weight"].abs().max().ToDouble().Should().BeGreaterThan(0);
        gradients["towers.0.output.weight"].abs().max().ToDouble().Should().Be(0, "h is the first layer's output; later layers do not feed L_cl");
        gradients.Where(g => g.Key.StartsWith("backbone.")).Should().Contain(g => g.Value.abs().max().ToDouble() > 0);
    }

    private static (AdaFtrModel, ModelOutputs, ObjectiveTerms) Forward(int tasks, TemperatureMode temperature = TemperatureMode.Adaptive)
    {
        var config = TinyModels.Config(BackboneKind.Mmoe, tasks);
        config = config with { Objective = config.Objective with { Temperature = temperature } };
        torch.manual_seed(1);
        var model = new AdaFtrModel(config);
        var batch = TinyModels.RandomBatch(8, seed: 2, tasks);
        var outputs = model.call(batch.Sparse, batch.Dense);
        return (model, outputs, new AdaFtrObjective(config.Objective).Compute(outputs, batch.Labels));
    }
}
