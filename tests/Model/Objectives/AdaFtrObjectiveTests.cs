using AdaFtr.Model.Configuration;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Objectives;

/// <summary>Every loss term on a three-sample batch, against numbers written out by hand.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class AdaFtrObjectiveTests
{
    private static readonly double[] CtrLogits = [0.5, -1, 2];
    private static readonly double[] CvrLogits = [1, -2, 0.3];
    private static readonly double[] RelLogits = [0, Math.Log(3), -Math.Log(3)];   // ŷ_rel = ½, ¾, ¼
    private static readonly float[] Labels = [1, 1, 0, 0, 1, 0];                     // (ctr, cvr) per sample: (1,1) (0,0) (1,0)

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
    private static double Bce(double p, double y) => -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
    private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    [Theory]
    [InlineData(CvrSpace.All)]
    [InlineData(CvrSpace.Clicked)]
    [InlineData(CvrSpace.Ctcvr)]
    public void Each_term_matches_its_hand_computed_value(CvrSpace cvrSpace)
    {
        using var scope = torch.NewDisposeScope();
        var config = new ObjectiveConfig { CvrSpace = cvrSpace, Alpha = 0.7, Beta = 0.2, Lambda = 0.1, PairwiseWeight = 0.5 };
        var terms = new AdaFtrObjective(config).Compute(Outputs(), torch.tensor(Labels, [3, 2]).to_type(ScalarType.Float64));

        double ctr = (Bce(Sigmoid(0.5), 1) + Bce(Sigmoid(-1), 0) + Bce(Sigmoid(2), 1)) / 3;
        double cvr = cvrSpace switch
        {
            CvrSpace.All => (Bce(Sigmoid(1), 1) + Bce(Sigmoid(-2), 0) + Bce(Sigmoid(0.3), 0)) / 3,
            CvrSpace.Clicked => (Bce(Sigmoid(1), 1) + Bce(Sigmoid(0.3), 0)) / 2,   // samples 0 and 2 were clicked
            _ => (Bce(Sigmoid(0.5) * Sigmoid(1), 1) + Bce(Sigmoid(-1) * Sigmoid(-2), 0) + Bce(Sigmoid(2) * Sigmoid(0.3), 0)) / 3,
        };
        double rel = (Bce(0.5, 1) + Bce(0.75, 1) + Bce(0.25, 0)) / 3;                 // y_rel = I[y_ctr == y_cvr] = 1, 1, 0
        double reg = (1 + 4 + 0 + 0.25 + 9 + 1) / 3;                                     // squared rows per sample, averaged
        double pair = Softplus(-(0.5 - -1));                                             // one pair: converted 0 over unclicked 1

        terms.Task[0].ToDouble().Should().BeApproximately(ctr, 1e-12);
        terms.Task[1].ToDouble().Should().BeApproximately(cvr, 1e-12);
        terms.Relatedness.ToDouble().Should().BeApproximately(rel, 1e-12);
        terms.Regularization.ToDouble().Should().BeApproximately(reg, 1e-12);
        terms.Pairwise.ToDouble().Should().BeApproximately(pair, 1e-12);
        terms.Tau[0].data<double>().ToArray().Should().Equal([0.525, 0.2875, 0.7625], (a, b) => Math.Abs(a - b) < 1e-12);
        terms.RelatednessProbability[0].data<double>().ToArray().Should().Equal([0.5, 0.75, 0.25], (a, b) => Math.Abs(a - b) < 1e-12);
        terms.Total.ToDouble().Should().BeApproximately(
            ctr + cvr + 0.7 * rel + 0.2 * terms.Alignment.ToDouble() + 0.1 * reg + 0.5 * pair, 1e-12);
    }

    [Fact]
    public void Three_task_mode_contrasts_click_with_each_other_task_and_sums_the_pairs()
    {
        using var scope = torch.NewDisposeScope();
        var h = new[] { torch.tensor(new[,] { { 1.0, 0 }, { 0, 1 } }), torch.tensor(new[,] { { 1.0, 1 }, { 0, 1 } }), torch.tensor(new[,] { { 0.0, 1 }, { 1, 0 } }) };
        var rel = new[] { torch.tensor(new[] { 0.0, 1.0 }), torch.tensor(new[] { -1.0, 2.0 }) };
        var outputs = new ModelOutputs(Lookup(2), [h[0], h[1], h[2]], h, [torch.zeros(2, dtype: ScalarType.Float64), torch.zeros(2, dtype: ScalarType.Float64), torch.zeros(2, dtype: ScalarType.Float64)], rel, null);
        var labels = torch.tensor(new float[] { 1, 1, 0, 0, 0, 1 }, [2, 3]).to_type(ScalarType.Float64);   // (ctr, cvr, view)
        var config = new ObjectiveConfig();
        var terms = new AdaFtrObjective(config).Compute(outputs, labels);

        terms.Tau.Should().HaveCount(2);
        var expected = ContrastiveLoss.InfoNce(h[0], h[1], Temperature.Of(config, rel[0], null), Similarity.Dot).ToDouble()
                     + ContrastiveLoss.InfoNce(h[0], h[2], Temperature.Of(config, rel[1], null), Similarity.Dot).ToDouble();
        terms.Alignment.ToDouble().Should().BeApproximately(expected, 1e-12);
        // y_rel of (ctr, cvr): 1 == 1 and 0 == 0, so (1, 1); of (ctr, view): 1 vs 0 and 0 vs 1, so (0, 0).
        double relExpected = (Bce(Sigmoid(0), 1) + Bce(Sigmoid(1), 1)) / 2 + (Bce(Sigmoid(-1), 0) + Bce(Sigmoid(2), 0)) / 2;
        terms.Relatedness.ToDouble().Should().BeApproximately(relExpected, 1e-12);
        terms.Task.Should().HaveCount(3);
    }

    private static ModelOutputs Outputs()
    {
        var h = torch.tensor(new[,] { { 1.0, 0 }, { 0, 1 }, { 1, 1 } });
        return new ModelOutputs(Lookup(3), [h, h], [h, h * 0.5],
            [torch.tensor(CtrLogits), torch.tensor(CvrLogits)], [torch.tensor(RelLogits)], null);
    }

    /// <summary>Embedded rows [B, 2 fields, E = 1]: sample 0 (1, 2), sample 1 (0, 0.5), sample 2 (3, 1).</summary>
    private static EmbeddingLookup Lookup(int rows)
    {
        var embedded = torch.tensor(new[] { 1.0, 2, 0, 0.5, 3, 1 }.Take(rows * 2).ToArray(), [rows, 2, 1]);
        var ids = torch.arange(rows * 2, dtype: ScalarType.Int64);
        return new EmbeddingLookup(ids, embedded.view(-1, 1), embedded, LookupIndex.Of(ids.view(rows, 2)));
    }
}
