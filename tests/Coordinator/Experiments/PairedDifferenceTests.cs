using AdaFtr.Coordinator.Experiments;

namespace AdaFtr.Coordinator.Tests.Experiments;

[Trait("Category", "Experiments")]
public sealed class PairedDifferenceTests
{
    [Fact]
    public void The_interval_is_the_hand_computed_t_interval_over_the_seeds_both_arms_have()
    {
        var arm = new Dictionary<long, double> { [1] = 0.75, [2] = 0.70, [3] = 0.72, [4] = 0.71 };
        var reference = new Dictionary<long, double> { [1] = 0.72, [2] = 0.69, [3] = 0.72, [4] = 0.69, [5] = 0.50 };

        var d = PairedDifference.Of(arm, reference);

        // d = 0.03, 0.01, 0.00, 0.02 (seed 5 unpaired): mean 0.015, sd √(5e-4 / 3) = 0.0129099,
        // se = sd / 2 = 0.00645497, t_{0.975, 3} = 3.1824, half-width 0.0205423.
        d.Pairs.Should().Be(4);
        d.Mean.Should().BeApproximately(0.015, 1e-12);
        d.Low.Should().BeApproximately(-0.0055423, 1e-6);
        d.High.Should().BeApproximately(0.0355423, 1e-6);
        d.ExcludesZero.Should().BeFalse();
    }

    [Fact]
    public void A_consistent_gain_excludes_zero_and_one_pair_has_no_interval()
    {
        // d = 0.10, 0.11, 0.09: mean 0.10, sd 0.01, se 0.01/√3, t_{0.975, 2} = 4.3027: half-width 0.0248417.
        var d = PairedDifference.Of(new Dictionary<long, double> { [1] = 0.80, [2] = 0.81, [3] = 0.79 },
            new Dictionary<long, double> { [1] = 0.70, [2] = 0.70, [3] = 0.70 });
        d.Low.Should().BeApproximately(0.0751583, 1e-6);
        d.High.Should().BeApproximately(0.1248417, 1e-6);
        d.ExcludesZero.Should().BeTrue();

        var single = PairedDifference.Of(new Dictionary<long, double> { [1] = 0.8, [2] = double.NaN }, new Dictionary<long, double> { [1] = 0.7, [2] = 0.7 });
        single.Pairs.Should().Be(1);
        single.Mean.Should().BeApproximately(0.1, 1e-12);
        double.IsNaN(single.Low).Should().BeTrue();
        single.ExcludesZero.Should().BeFalse();
    }

    [Theory]
    [InlineData(1, 12.7062)]
    [InlineData(4, 2.7764)]
    [InlineData(30, 2.0423)]
    [InlineData(60, 2.0003)]
    [InlineData(120, 1.9799)]
    public void The_t_quantile_matches_the_tables(int degreesOfFreedom, double expected) =>
        StudentT.Quantile975(degreesOfFreedom).Should().BeApproximately(expected, 1e-4);
}
