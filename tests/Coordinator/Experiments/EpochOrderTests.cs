using AdaFtr.Coordinator.Experiments;

namespace AdaFtr.Coordinator.Tests.Experiments;

[Trait("Category", "Experiments")]
public sealed class EpochOrderTests
{
    [Fact]
    public void Each_epoch_visits_every_row_once_in_a_new_order()
    {
        var order = new EpochOrder(10, seed: 7);

        var first = order.Next(4).Concat(order.Next(6)).ToArray();
        var second = order.Next(10);

        first.Order().Should().Equal(Enumerable.Range(0, 10).Select(i => (long)i));
        second.Order().Should().Equal(Enumerable.Range(0, 10).Select(i => (long)i));
        second.Should().NotEqual(first);
    }

    [Fact]
    public void The_same_seed_gives_the_same_order()
    {
        new EpochOrder(50, 3).Next(30).Should().Equal(new EpochOrder(50, 3).Next(30));
    }
}
