using AdaFtr.Coordinator.Experiments;
using AdaFtr.Model.Metrics;

namespace AdaFtr.Coordinator.Tests.Experiments;

[Trait("Category", "Experiments")]
public sealed class MarkdownTableTests
{
    private static readonly SuiteSettings Settings = new(2, 10, 64, [8], [4], 5e-4);

    private static ArmRun Run(ExperimentArm arm, long seed, double ctrAuc, double cvrAuc) =>
        new(arm, seed, [new TaskMetrics("ctr", ctrAuc, ctrAuc - 0.1, 0.3, 100), new TaskMetrics("cvr", cvrAuc, cvrAuc - 0.1, 0.05, 100)], 0.4, 1.0);

    [Fact]
    public void Rows_show_mean_and_sample_std_over_seeds_and_the_paired_cvr_difference_to_mmoe_with_its_interval()
    {
        var mmoe = ExperimentSuites.Quick[0];
        var adaFtr = ExperimentSuites.Quick[1];
        var result = new SuiteResult("quick", "test data", ["ctr", "cvr"], [0.9, 0.95], [0.1, 0.01], Settings,
        [
            Run(mmoe, 42, 0.60, 0.70), Run(adaFtr, 42, 0.61, 0.72),
            Run(mmoe, 43, 0.80, 0.70), Run(adaFtr, 43, 0.61, 0.74),
        ]);

        var table = MarkdownTable.Render(result);

        // ctr AUC of MMoE: mean 70, sample std √((10² + 10²) / 1) = 14.142 (in percent)
        table.Should().Contain("| MMoE | baseline | 70.000 ± 14.142 | 60.000 ± 14.142 | 70.000 ± 0.000 | 60.000 ± 0.000 | 0.000 [0.000, 0.000] |");
        // cvr AUC paired by seed: d = +2, +4 points, mean +3, sd √2, se 1, t_{0.975, 1} = 12.7062.
        table.Should().Contain("| AdaFTR (MMoE) | adaftr | 61.000 ± 0.000 | 51.000 ± 0.000 | 73.000 ± 1.414 | 63.000 ± 1.414 | +3.000 [-9.706, +15.706] |");
        table.Should().Contain("| *oracle (true probabilities)* | data | 90.000 | | 95.000 |");
    }

    [Fact]
    public void A_single_seed_shows_the_value_without_a_std_and_a_one_class_task_shows_na()
    {
        var mmoe = ExperimentSuites.Quick[0];
        var result = new SuiteResult("quick", "test data", ["ctr", "cvr"], null, [0.1, 0], Settings with { Seeds = 1 },
            [Run(mmoe, 42, 0.65, double.NaN)]);

        var table = MarkdownTable.Render(result);

        table.Should().Contain("| MMoE | baseline | 65.000 | 55.000 | n/a | n/a | n/a |");
        table.Should().NotContain("oracle");
    }
}
