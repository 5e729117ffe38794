namespace AdaFtr.Grains.Schedules;

/// <summary>What a schedule grain persists: its spec, champion and runs, and the job specs of the run in progress (to start them again if lost).</summary>
[GenerateSerializer, Alias("adaftr.ScheduleState")]
public sealed class ScheduleState
{
    [Id(0)] public ScheduleSpec? Spec { get; set; }
    [Id(1)] public DateTimeOffset CreatedUtc { get; set; }
    [Id(2)] public ScheduleChampion? Champion { get; set; }
    [Id(3)] public List<ScheduleRun> Runs { get; set; } = [];
    [Id(4)] public JobSpec? ChallengerJob { get; set; }
    [Id(5)] public JobSpec? ChampionEvalJob { get; set; }
}
