using AdaFtr.Model.Configuration;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Objectives;

/// <summary>The paper's two readings that the config chooses between: where L_rel's gradient goes, and what λ's L2 covers.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class ObjectiveReadingTests
{
    private const string SharedExpertWeight = "backbone.experts.0.layers.0.weight";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Relatedness_loss_reaches_a_shared_expert_only_when_it_trains_the_backbone(bool trainsBackbone)
    {
        using var scope = torch.NewDisposeScope();
        var config = TinyModels.Config();
        config = config with { Objective = config.Objective with { RelatednessTrainsBackbone = trainsBackbone } };
        torch.manual_seed(1);
        using var model = new AdaFtrModel(config);
        using var batch = TinyModels.RandomBatch(8, seed: 2);
        var outputs = model.call(batch.Sparse, batch.Dense);
        new AdaFtrObjective(config.Objective).Compute(outputs, batch.Labels).Relatedness.backward();

        var expert = model.named_parameters().Single(p => p.name == SharedExpertWeight).parameter;
        double largest = expert.grad is null ? 0 : expert.grad.abs().max().ToDouble();
        if (trainsBackbone) largest.Should().BeGreaterThan(0, "eq. 14 read jointly: L_rel trains the shared experts");
        else largest.Should().Be(0, "Algorithm 1: L_rel trains only Ω");
    }

    [Theory]
    [InlineData(L2Scope.Embeddings)]
    [InlineData(L2Scope.All)]
    public void The_l2_term_is_the_hand_computed_sum_of_squares_of_its_scope(L2Scope l2)
    {
        using var scope = torch.NewDisposeScope();
        var config = TinyModels.Config();
        config = config with { Objective = config.Objective with { L2Scope = l2 } };
        using var model = new AdaFtrModel(config);
        // Θ all 0.1 and Ω all 5: each Θ entry adds 0.01, Ω must add nothing.
        using (torch.no_grad())
            foreach (var (name, parameter) in model.named_parameters())
                parameter.fill_(name.StartsWith(AdaFtrModel.RelatednessPrefix) ? 5.0 : 0.1);
        using var batch = TinyModels.RandomBatch(8, seed: 3);
        var outputs = model.call(batch.Sparse, batch.Dense);
        var reg = new AdaFtrObjective(config.Objective).Compute(outputs, batch.Labels, model.TaskParameters()).Regularization;

        // Each sample looks up F = 3 rows of E = 3 entries: 9 × 0.01 per sample, and the mean over samples is the same.
        double expected = 9 * 0.01;
        if (l2 == L2Scope.All)
        {
            long taskEntries = model.named_parameters()
                .Where(p => p.name != AdaFtrModel.EmbeddingName && !p.name.StartsWith(AdaFtrModel.RelatednessPrefix))
                .Sum(p => p.parameter.numel());
            taskEntries.Should().BeGreaterThan(0);
            expected += taskEntries * 0.01;
        }
        reg.ToDouble().Should().BeApproximately(expected, 1e-4 * expected);

        reg.backward();
        var tower = model.named_parameters().Single(p => p.name == "towers.0.output.weight").parameter;
        double towerGradient = tower.grad is null ? 0 : tower.grad.abs().max().ToDouble();
        towerGradient.Should().BeApproximately(l2 == L2Scope.All ? 2 * 0.1 : 0, 1e-6, "d‖θ‖²/dθ = 2θ inside the scope, 0 outside");
    }
}
