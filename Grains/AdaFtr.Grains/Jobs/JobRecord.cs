namespace AdaFtr.Grains.Jobs;

/// <summary>
/// What survives a job grain's silo (Orleans grain storage <see cref="JobStateStorage.Name"/>: Redis in a cluster,
/// memory in the embedded silo): the spec, the state, why it is paused or failed, the steps applied and the newest
/// published checkpoint, the silo that last saved it and the recoveries so far. A reactivated grain continues a running or paused job from its checkpoint and leaves a
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
    /// <summary>The silo of the activation that saved the record: when another activation reads it, that silo is the one lost.</summary>
    [Id(5)] public string? Silo { get; init; }
    [Id(6)] public IReadOnlyList<JobRecovery>? Recoveries { get; init; }
}
