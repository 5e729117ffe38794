using AdaFtr.Model.Configuration;
using AdaFtr.Model.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Objectives;

[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class ContrastiveLossTests
{
    // h_ctr, h_cvr and τ chosen so each row's scores are easy to write down.
    private static readonly double[,] Ctr = { { 1, 0 }, { 0, 1 }, { 1, 1 } };
    private static readonly double[,] Cvr = { { 1, 0 }, { 1, 1 }, { 0, 1 } };

    [Fact]
    public void InfoNce_matches_a_hand_computed_three_sample_batch_with_per_anchor_tau()
    {
        using var scope = torch.NewDisposeScope();
        var tau = torch.tensor(new[] { 0.5, 1.0, 0.25 });
        var loss = ContrastiveLoss.InfoNce(torch.tensor(Ctr), torch.tensor(Cvr), tau, Similarity.Dot).ToDouble();
        // Row 0: scores (1, 1, 0)/0.5; row 1: (0, 1, 1)/1; row 2: (1, 2, 1)/0.25, positive = its own column.
        double row0 = Math.Log(2 * Math.Exp(2) + 1) - 2;
        double row1 = Math.Log(1 + 2 * Math.E) - 1;
        double row2 = Math.Log(2 * Math.Exp(4) + Math.Exp(8)) - 4;
        loss.Should().BeApproximately((row0 + row1 + row2) / 3, 1e-12);
    }

    [Fact]
    public void InfoNce_with_cosine_similarity_normalises_both_sides()
    {
        using var scope = torch.NewDisposeScope();
        var tau = torch.tensor(new[] { 1.0, 1.0, 1.0 });
        var loss = ContrastiveLoss.InfoNce(torch.tensor(Ctr) * 3, torch.tensor(Cvr), tau, Similarity.Cosine).ToDouble();
        double r = 1 / Math.Sqrt(2);
        // cosines: row 0 (1, r, 0); row 1 (0, r, 1); row 2 (r, 1, r)
        double row0 = Math.Log(Math.E + Math.Exp(r) + 1) - 1;
        double row1 = Math.Log(1 + Math.Exp(r) + Math.E) - r;
        double row2 = Math.Log(2 * Math.Exp(r) + Math.E) - r;
        loss.Should().BeApproximately((row0 + row1 + row2) / 3, 1e-12);
    }

    [Fact]
    public void InfoNce_does_not_overflow_at_the_lowest_temperature()
    {
        using var scope = torch.NewDisposeScope();
        var big = torch.full(4, 8, 30.0, dtype: ScalarType.Float64);   // scores 7200 / 0.05: exp(144000) overflows even float64
        var loss = ContrastiveLoss.InfoNce(big, big, torch.full(4, 0.05, dtype: ScalarType.Float64), Similarity.Dot).ToDouble();
        loss.Should().BeApproximately(Math.Log(4), 1e-4);
    }

    [Fact]
    public void Adaptive_tau_interpolates_between_the_bounds_by_one_minus_relatedness()
    {
        using var scope = torch.NewDisposeScope();
        var config = new ObjectiveConfig { TauUpper = 1.0, TauLower = 0.05 };
        var logits = torch.tensor(new[] { 0.0, Math.Log(3), -Math.Log(3) });   // ŷ_rel = 0.5, 0.75, 0.25
        var tau = Temperature.Of(config, logits, null).data<double>().ToArray();
        tau.Should().Equal([0.95 * 0.5 + 0.05, 0.95 * 0.25 + 0.05, 0.95 * 0.75 + 0.05], (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Fixed_and_learnable_tau_ignore_relatedness()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(new[] { -3.0, 0.0, 5.0 });
        Temperature.Of(new ObjectiveConfig { Temperature = TemperatureMode.Fixed, FixedTau = 0.2 }, logits, null)
            .data<double>().ToArray().Should().AllSatisfy(t => t.Should().BeApproximately(0.2, 1e-12));
        Temperature.Of(new ObjectiveConfig { Temperature = TemperatureMode.Learnable }, logits, torch.tensor(Math.Log(0.3)))
            .data<double>().ToArray().Should().AllSatisfy(t => t.Should().BeApproximately(0.3, 1e-12));
    }

    [Fact]
    public void Scl_uses_the_next_sample_as_the_one_negative()
    {
        using var scope = torch.NewDisposeScope();
        var tau = torch.tensor(new[] { 1.0, 1.0, 1.0 });
        var loss = ContrastiveLoss.Scl(torch.tensor(Ctr), torch.tensor(Cvr), tau, Similarity.Dot).ToDouble();
        // positives (1, 1, 1); negatives: row r against cvr row r−1 (cyclic): (1·0+0·1, 0·1+1·0, 1·1+1·1) = (0, 0, 2)
        static double softplus(double x) => Math.Log(1 + Math.Exp(x));
        loss.Should().BeApproximately((softplus(-1) + softplus(-1) + softplus(1)) / 3, 1e-12);
    }
}
