namespace AdaFtr.Grains.Schedules;

/// <summary>What the schedule registry persists.</summary>
[GenerateSerializer, Alias("adaftr.ScheduleNames")]
public sealed class ScheduleNames
{
    [Id(0)] public List<string> Names { get; set; } = [];
}
