namespace AdaFtr.Grains;

/// <summary>
/// Logical worker k of a job (key <c>{job}/w{k}</c>), placed on the silo and device the job chose:
/// runs a window of steps, each a pull of what its batch needs (in the shards' replies to its last
/// push), gradients computed with the Model code, and one push to every parameter-server shard.
/// </summary>
[Alias("adaftr.IWorkerGrain")]
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Runs the window's steps; returns where it ran once the shards applied its last one.</summary>
    [Alias("RunSteps"), ResponseTimeout("01:00:00")]
    Task<WorkerLocation> RunStepsAsync(JobSpec spec, StepWindow window);

    /// <summary>
    /// This worker's part of an evaluation at parameter version <paramref name="version"/>: its
    /// shards of the evaluation set (s mod K == k), as mergeable per-task states (the job merges the K parts exactly).
    /// </summary>
    [Alias("Evaluate"), ResponseTimeout("00:30:00")]
    Task<IReadOnlyList<TaskEvaluationPart>> EvaluateAsync(JobSpec spec, long version);

    /// <summary>Where this activation lives: silo and device.</summary>
    [Alias("Location")]
    Task<WorkerLocation> GetLocationAsync();

    /// <summary>The job is over: keep the replica and the device slot only <paramref name="keep"/> longer (zero: leave when idle).</summary>
    [Alias("Release")]
    Task ReleaseAfterAsync(TimeSpan keep);
}
