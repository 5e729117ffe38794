namespace AdaFtr.Grains.Jobs;

/// <summary>
/// What survives a job grain's silo (Orleans grain storage <see cref="JobStateStorage.Name"/>: Redis in a cluster,
/// memory in the embedded silo): the spec, the state, why it is paused or failed, the steps applied and the newest
/// published checkpoint. A reactivated grain continues a running or paused job from its checkpoint and leaves a
/// completed, failed or cancelled one as it is.
/// </summary>
[GenerateSerializer, Alias("adaftr.JobRecord")]
public sealed record JobRecord
{
    [Id(0)] public JobSpec? Spec { get; init; }
    [Id(1)] public JobState State { get; init; }
    [Id(2)] public string? Message { get; init; }
    [Id(3)] public long StepsApplied { get; init; }
    [Id(4)] public long LastCheckpoint { get; init; }
}
