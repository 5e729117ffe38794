using AdaFtr.Coordinator.Commands.Bench.Scaling;

namespace AdaFtr.Coordinator.Tests.Bench;

[Trait("Category", "Bench")]
public sealed class NormalMaximumTests
{
    [Fact]
    public void Matches_the_closed_forms_for_one_two_and_three_variables()
    {
        NormalMaximum.Expected(1).Should().Be(0);
        NormalMaximum.Expected(2).Should().BeApproximately(1 / Math.Sqrt(Math.PI), 1e-6);
        NormalMaximum.Expected(3).Should().BeApproximately(1.5 / Math.Sqrt(Math.PI), 1e-6);
    }

    [Fact]
    public void Grows_with_the_number_of_variables_but_slower_than_their_logarithm()
    {
        var values = new[] { 2, 4, 8, 16, 64, 1024 }.Select(NormalMaximum.Expected).ToList();
        values.Should().BeInAscendingOrder();
        NormalMaximum.Expected(1024).Should().BeLessThan(Math.Sqrt(2 * Math.Log(1024)));
    }

    [Fact]
    public void Agrees_with_sampled_maxima()
    {
        var random = new Random(7);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double sampled = Enumerable.Range(0, 20_000).Average(_ => Enumerable.Range(0, 16).Max(_ => Normal()));
        NormalMaximum.Expected(16).Should().BeApproximately(sampled, 0.03);
    }
}
