using AdaFtr.Grains.Schedules;

namespace AdaFtr.Grains.Tests.Schedules;

[Trait("Category", "Schedule")]
public sealed class CronScheduleTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Nothing_is_due_before_the_first_occurrence()
    {
        var cron = CronSchedule.Parse("0 2 * * *");
        cron.Due(after: Utc(11, 3, 12), now: Utc(11, 4, 1, 59)).Should().BeNull();
        cron.Due(after: Utc(11, 3, 12), now: Utc(11, 3, 12)).Should().BeNull();
    }

    [Fact]
    public void The_occurrence_itself_is_due_at_its_minute()
    {
        CronSchedule.Parse("0 2 * * *").Due(after: Utc(11, 3, 12), now: Utc(11, 4, 2)).Should().Be(Utc(11, 4, 2));
    }

    [Fact]
    public void An_occurrence_already_run_is_not_due_again()
    {
        CronSchedule.Parse("0 2 * * *").Due(after: Utc(11, 4, 2), now: Utc(11, 4, 23, 59)).Should().BeNull();
    }

    [Fact]
    public void Three_missed_days_give_one_run_for_the_latest()
    {
        // Last ran 11-04 02:00; down until 11-07 09:30: 11-05, 11-06 and 11-07 02:00 were missed; only 11-07 runs.
        CronSchedule.Parse("0 2 * * *").Due(after: Utc(11, 4, 2), now: Utc(11, 7, 9, 30)).Should().Be(Utc(11, 7, 2));
    }

    [Fact]
    public void Weekdays_only_skip_the_weekend()
    {
        // 2026-11-07 is a Saturday: Friday 11-06 is the latest weekday occurrence by Sunday noon.
        var cron = CronSchedule.Parse("30 6 * * 1-5");
        cron.Due(after: Utc(11, 5, 6, 30), now: Utc(11, 8, 12)).Should().Be(Utc(11, 6, 6, 30));
        cron.Next(Utc(11, 6, 6, 30)).Should().Be(Utc(11, 9, 6, 30));
    }

    [Fact]
    public void A_time_zone_moves_the_occurrence_in_utc()
    {
        // 02:00 in Berlin is 01:00 UTC in November (CET, UTC+1).
        CronSchedule.Parse("0 2 * * *", "Europe/Berlin").Next(Utc(11, 3, 12)).Should().Be(Utc(11, 4, 1));
    }

    [Theory]
    [InlineData("0 2 * *", "4 field(s); write five")]
    [InlineData("61 2 * * *", "minute field '61'")]
    [InlineData("0 25 * * *", "hour field '25'")]
    [InlineData("0 2 * 13 *", "month field '13'")]
    [InlineData("0 2 * * MONDAY", "day of week field 'MONDAY'")]
    public void A_bad_cron_names_what_is_wrong(string cron, string named)
    {
        var act = () => CronSchedule.Parse(cron);
        act.Should().Throw<ArgumentException>().WithMessage($"*{named}*");
    }

    [Fact]
    public void An_unknown_time_zone_says_what_to_use()
    {
        var act = () => CronSchedule.Parse("0 2 * * *", "Mars/Olympus");
        act.Should().Throw<ArgumentException>().WithMessage("*Mars/Olympus*IANA*");
    }
}
