using AdaFtr.Coordinator.Experiments;
using AdaFtr.Model;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Features;
using AdaFtr.Model.Networks;
using TorchSharp;

namespace AdaFtr.Coordinator.Tests.Experiments;

[Collection(TorchCollection.Name)]
[Trait("Category", "Experiments")]
public sealed class EvaluationScoresTests
{
    [Theory]
    [InlineData(CvrSpace.All)]
    [InlineData(CvrSpace.Ctcvr)]
    public void The_cvr_score_over_all_impressions_is_the_cvr_head_or_for_esmm_pctr_times_pcvr(CvrSpace space)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        var schema = new FeatureSchema([new SparseField("user", 5), new SparseField("item", 4)], ["d"], ["ctr", "cvr"], "user");
        var config = new ModelConfig
        {
            Schema = schema, EmbeddingDim = 2, Backbone = new BackboneConfig { ExpertLayers = [4] }, TowerLayers = [3],
            Objective = new ObjectiveConfig { CvrSpace = space },
        };
        using var model = new AdaFtrModel(config);
        using var rows = Batch.FromArrays([0, 1, 2, 3, 4, 0, 1, 2], [0.1f, 0.5f, 0.9f, 0.3f], [1, 1, 1, 0, 0, 0, 0, 0], [0, 1, 2, 3], 4, 2, 1, 2);

        var scores = EvaluationScores.Of(model, rows, withRelatedness: true, withTau: true);

        for (int r = 0; r < 4; r++)
        {
            float expected = space == CvrSpace.Ctcvr ? scores.Ctr[r] * scores.CvrClicked[r] : scores.CvrClicked[r];
            scores.CvrExposure[r].Should().BeApproximately(expected, 1e-7f);
        }
        scores.Relatedness.Should().HaveCount(4);
        // eq. 12 with the defaults τU = 1, τL = 0.05: τ = 0.95·(1 − ŷ_rel) + 0.05.
        for (int r = 0; r < 4; r++) scores.Tau[r].Should().BeApproximately(0.95f * (1 - scores.Relatedness[r]) + 0.05f, 1e-6f);
        scores.Labels.Should().Equal(1, 1, 1, 0, 0, 0, 0, 0);
    }
}
