namespace AdaFtr.Grains;

/// <summary>One training job (key: job id): validates its spec, places K workers, drives synchronous steps.</summary>
[Alias("adaftr.ITrainingJobGrain")]
public interface ITrainingJobGrain : IGrainWithStringKey
{
    /// <summary>Validates and starts the job; returns once workers and shards are set up and stepping has begun.</summary>
    [Alias("Start"), ResponseTimeout("00:10:00")]
    Task<JobStatus> StartAsync(JobSpec spec);

    [Alias("Status")]
    Task<JobStatus> GetStatusAsync();

    /// <summary>The samples each applied step used, when the spec tracks them: step → sample ids in worker order.</summary>
    [Alias("AppliedSamples")]
    Task<IReadOnlyDictionary<long, long[]>> GetAppliedSamplesAsync();

    /// <summary>Current values of every parameter by name, as float32 pieces (for tests, export and equivalence checks).</summary>
    [Alias("Parameters"), ResponseTimeout("00:05:00")]
    Task<IReadOnlyList<TensorPiece>> GetParametersAsync();

    [Alias("Pause")] Task PauseAsync();
    [Alias("Resume")] Task ResumeAsync();
    /// <summary>Stops the job for good after the step in flight; with a checkpoint store it first checkpoints the steps it applied.</summary>
    [Alias("Cancel")] Task CancelAsync();
}
