namespace AdaFtr.Grains.Schedules;

/// <summary>
/// The time schedules read, on its own so that tests can move it without moving the silo's clock (Orleans itself reads
/// the <see cref="TimeProvider"/> service for membership and timers).
/// </summary>
public sealed class ScheduleClock(TimeProvider time)
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
