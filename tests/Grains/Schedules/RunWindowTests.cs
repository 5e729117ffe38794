using AdaFtr.Grains.Schedules;

namespace AdaFtr.Grains.Tests.Schedules;

[Trait("Category", "Schedule")]
public sealed class RunWindowTests
{
    [Fact]
    public void Seven_days_train_and_the_newest_complete_day_tests()
    {
        var window = RunWindow.For(new DateTimeOffset(2026, 11, 9, 2, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc, windowDays: 7, testDays: 1);
        window.TestDays.Should().Equal(new DateOnly(2026, 11, 8));
        window.TrainDays.Should().Equal(Enumerable.Range(1, 7).Select(d => new DateOnly(2026, 11, d)));
    }

    [Fact]
    public void Two_test_days_push_the_window_back_across_a_month_end()
    {
        var window = RunWindow.For(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc, windowDays: 3, testDays: 2);
        window.TestDays.Should().Equal(new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 1));
        window.TrainDays.Should().Equal(new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 28), new DateOnly(2026, 11, 29));
    }

    [Fact]
    public void The_date_is_the_schedules_local_date()
    {
        // 23:30 UTC on 11-08 is already 11-09 in Tokyo: the run tests on 11-08.
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var occurrence = new DateTimeOffset(2026, 11, 8, 23, 30, 0, TimeSpan.Zero);
        RunWindow.For(occurrence, tokyo, 1, 1).TestDays.Should().Equal(new DateOnly(2026, 11, 8));
        RunWindow.RunId("nightly", occurrence, tokyo).Should().Be("nightly-20261109T0830");
    }

    [Fact]
    public void Partitions_lie_under_the_dataset_as_day_folders()
    {
        RunWindow.Partition("az://data/ecomm/", new DateOnly(2026, 11, 8)).Should().Be("az://data/ecomm/day=2026-11-08");
    }
}
