using AdaFtr.Coordinator.Experiments;
using AdaFtr.Coordinator.Plots;

namespace AdaFtr.Coordinator.Tests.Experiments;

[Trait("Category", "Experiments")]
public sealed class ArmEvaluationTests
{
    // Six rows (click, conversion): (1,1) (1,0) (1,0) (0,0) (0,0) (1,1).
    private static readonly float[] Labels = [1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1];
    private static readonly long[] Users = [0, 0, 0, 0, 0, 0];

    private static EvaluationScores Scores(float[] relatedness, float[] tau) => new(
        Ctr: [0.9f, 0.8f, 0.1f, 0.4f, 0.2f, 0.7f],
        CvrExposure: [0.6f, 0.1f, 0.2f, 0.5f, 0.05f, 0.4f],
        CvrClicked: [0.3f, 0.5f, 0.2f, 0.99f, 0.99f, 0.6f],
        relatedness, tau, Labels, Users);

    [Fact]
    public void Each_figure_is_the_hand_computed_auc_of_its_rows()
    {
        bool[] related = [true, false, true, false, true, false];
        var evaluation = ArmEvaluation.Of(Scores([0.9f, 0.2f, 0.7f, 0.4f, 0.6f, 0.65f], [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f]), related);

        // CTR: positives 0.9, 0.8, 0.1, 0.7 against negatives 0.4, 0.2: 2 + 2 + 0 + 2 of 8 pairs.
        evaluation.Metrics[0].Auc.Should().BeApproximately(6.0 / 8, 1e-12);
        // CVR over all rows: positives 0.6, 0.4 against 0.1, 0.2, 0.5, 0.05: 4 + 3 of 8 pairs.
        evaluation.Metrics[1].Auc.Should().BeApproximately(7.0 / 8, 1e-12);
        // CVR over the clicked rows 0, 1, 2, 5 only: positives 0.3, 0.6 against 0.5, 0.2: 1 + 2 of 4 (the unclicked 0.99s left out).
        evaluation.CvrClickedAuc.Should().BeApproximately(3.0 / 4, 1e-12);
        // ŷ_rel against the planted flags: related 0.9, 0.7, 0.6 against unrelated 0.2, 0.4, 0.65: 3 + 3 + 2 of 9 pairs.
        evaluation.RelatednessAuc.Should().BeApproximately(8.0 / 9, 1e-12);
        evaluation.TauRelated.Should().Equal(0.1f, 0.3f, 0.5f);
        evaluation.TauUnrelated.Should().Equal(0.2f, 0.4f, 0.6f);
        evaluation.Figure(ValidationMetric.CvrAuc).Should().BeApproximately(0.875, 1e-12);
        evaluation.Figure(ValidationMetric.MeanAuc).Should().BeApproximately((0.75 + 0.875) / 2, 1e-12);
    }

    [Fact]
    public void Without_planted_flags_or_relatedness_scores_those_figures_are_absent()
    {
        var plain = ArmEvaluation.Of(Scores([], []), related: [true, false, true, false, true, false]);
        double.IsNaN(plain.RelatednessAuc).Should().BeTrue();
        plain.TauRelated.Should().BeEmpty();

        var unplanted = ArmEvaluation.Of(Scores([0.9f, 0.2f, 0.7f, 0.4f, 0.6f, 0.65f], [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f]), related: null);
        double.IsNaN(unplanted.RelatednessAuc).Should().BeTrue();
        unplanted.TauUnrelated.Should().BeEmpty();
    }

    [Fact]
    public void Histogram_shares_count_each_value_in_its_bin_and_those_outside_in_the_end_bins()
    {
        // Bins of 0.25 over [0, 1]: 0.05, 0.1 and −1 → bin 0; 0.5 → bin 2; 0.99, 1.0 and 1.2 → bin 3.
        Histogram.Shares([0.05f, 0.1f, 0.5f, 0.99f, 1.0f, 1.2f, -1f], 0, 1, 4).Should().Equal(3.0 / 7, 0, 1.0 / 7, 3.0 / 7);
        Histogram.Shares([], 0, 1, 2).Should().Equal(0, 0);
    }

    [Fact]
    public void An_arm_name_becomes_a_plain_file_name() =>
        SuiteArtifacts.FileNameOf("AdaFTR, eq. 14 joint (L_rel trains backbone)").Should().Be("adaftr-eq-14-joint-l-rel-trains-backbone");
}
