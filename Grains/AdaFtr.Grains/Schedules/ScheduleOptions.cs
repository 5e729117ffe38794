namespace AdaFtr.Grains.Schedules;

/// <summary>How schedule grains tick.</summary>
public sealed class ScheduleOptions
{
    /// <summary>Storage provider name of schedule state; the silo must register one under it.</summary>
    public const string StorageName = "adaftr-schedules";

    /// <summary>
    /// Period of each schedule's reminder, which checks for a due occurrence (so a run starts at most this late). Orleans
    /// refuses reminder periods under one minute. Default 1 minute.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a schedule looks at its run's jobs while they train (a grain timer). Default 10 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
}
