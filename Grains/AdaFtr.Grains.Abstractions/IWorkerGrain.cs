namespace AdaFtr.Grains;

/// <summary>
/// Logical worker k of a job (key <c>{job}/w{k}</c>), placed on the silo and device the job chose:
/// pulls parameters of version t − 1 (dense, and only the rows its batch needs), computes
/// gradients with the Model code, pushes them to every parameter-server shard.
/// </summary>
[Alias("adaftr.IWorkerGrain")]
public interface IWorkerGrain : IGrainWithStringKey
{
    [Alias("RunStep"), ResponseTimeout("00:10:00")]
    Task<StepReport> RunStepAsync(JobSpec spec, StepOrder order);

    /// <summary>Where this activation lives: silo and device.</summary>
    [Alias("Location")]
    Task<WorkerLocation> GetLocationAsync();
}
