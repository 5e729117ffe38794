using AdaFtr.Coordinator.Experiments;
using AdaFtr.Model.Metrics;

namespace AdaFtr.Coordinator.Tests.Experiments;

[Trait("Category", "Experiments")]
public sealed class MarkdownTableTests
{
    private static readonly SuiteSettings Settings = new(2, 4, 1, ValidationMetric.CvrAuc, 10, 64, [8], [4], 5e-4);

    /// <summary>CVR AUC over clicks 5 points below the one over all impressions; early stopping kept epoch 2 of 3.</summary>
    private static ArmRun Run(ExperimentArm arm, long seed, double ctrAuc, double cvrAuc, double relatednessAuc = double.NaN) =>
        new(arm, seed, new ArmEvaluation([new TaskMetrics("ctr", ctrAuc, ctrAuc - 0.1, 0.3, 100), new TaskMetrics("cvr", cvrAuc, cvrAuc - 0.1, 0.05, 100)],
            cvrAuc - 0.05, relatednessAuc, [], []), new TrainingTrace(3, 2, 0.7, [0.6, 0.7, 0.65], 30, 1920, 0.4), 1.0);

    [Fact]
    public void Rows_show_mean_and_sample_std_over_seeds_and_the_paired_cvr_difference_to_mmoe_with_its_interval()
    {
        var mmoe = ExperimentSuites.Quick[0];
        var adaFtr = ExperimentSuites.Quick[1];
        var result = new SuiteResult("quick", "test data", ["ctr", "cvr"], [0.9, 0.95], 0.85, [0.1, 0.01], Settings,
        [
            Run(mmoe, 42, 0.60, 0.70), Run(adaFtr, 42, 0.61, 0.72, 0.8),
            Run(mmoe, 43, 0.80, 0.70), Run(adaFtr, 43, 0.61, 0.74, 0.8),
        ], WallSeconds: 8);

        var table = MarkdownTable.Render(result);

        // ctr AUC of MMoE: mean 70, sample std √((10² + 10²) / 1) = 14.142 (in percent)
        table.Should().Contain("| MMoE | baseline | 70.000 ± 14.142 | 60.000 ± 14.142 | 70.000 ± 0.000 | 60.000 ± 0.000 | 65.000 ± 0.000 | " +
                               "0.000 [0.000, 0.000] | 0.000 [0.000, 0.000] | 0.000 [0.000, 0.000] | n/a | 2.0 / 3.0 | 1.0 |");
        // Paired by seed, t_{0.975, 1} = 12.7062. ctr: d = +1, −19 points, mean −9, sd 14.142, se 10, half-width 127.062.
        // cvr (and cvr over clicks): d = +2, +4 points, mean +3, sd √2, se 1, half-width 12.706.
        table.Should().Contain("| AdaFTR (MMoE) | adaftr | 61.000 ± 0.000 | 51.000 ± 0.000 | 73.000 ± 1.414 | 63.000 ± 1.414 | 68.000 ± 1.414 | " +
                               "-9.000 [-136.062, +118.062] | +3.000 [-9.706, +15.706] | +3.000 [-9.706, +15.706] | 80.000 ± 0.000 | 2.0 / 3.0 | 1.0 |");
        table.Should().Contain("| *oracle (true probabilities)* | data | 90.000 | | 95.000 | | 85.000 |");
        // 4 runs × 1920 samples in 8 s.
        table.Should().Contain("7,680 training samples, 960 samples/s").And.Contain("early stopping on validation CVR AUC, patience 1, at most 4 epochs");
    }

    [Fact]
    public void A_single_seed_shows_the_value_without_a_std_and_a_one_class_task_shows_na()
    {
        var mmoe = ExperimentSuites.Quick[0];
        var result = new SuiteResult("quick", "test data", ["ctr", "cvr"], null, double.NaN, [0.1, 0], Settings with { Seeds = 1 },
            [Run(mmoe, 42, 0.65, double.NaN)], WallSeconds: 1);

        var table = MarkdownTable.Render(result);

        table.Should().Contain("| MMoE | baseline | 65.000 | 55.000 | n/a | n/a | n/a | 0.000 | n/a | n/a | n/a |");
        table.Should().NotContain("oracle");
    }
}
