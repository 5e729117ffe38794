using Orleans.Concurrency;

namespace AdaFtr.Grains;

/// <summary>One training job (key: job id): validates its spec, places K workers, drives synchronous steps.</summary>
[Alias("adaftr.ITrainingJobGrain")]
public interface ITrainingJobGrain : IGrainWithStringKey
{
    /// <summary>Validates and starts the job; returns once workers and shards are set up and stepping has begun.</summary>
    [Alias("Start"), ResponseTimeout("00:10:00")]
    Task<JobStatus> StartAsync(JobSpec spec);

    /// <summary>The whole job at once, for `jobs status`; to follow a job use <see cref="GetProgressAsync"/>.</summary>
    [Alias("Status")]
    Task<JobStatus> GetStatusAsync();

    /// <summary>
    /// What is new since <paramref name="since"/> (steps, evaluations, recoveries, a change of state), waiting up to
    /// <paramref name="wait"/> (at most <see cref="JobProgressUpdate.MaxWait"/>) for something to be new; answers at once when
    /// something is. A long poll rather than an Orleans observer: it is an ordinary call, so there is no subscription
    /// to renew or clean up, and it survives the job's grain moving to another silo (the next call reaches the new
    /// activation; the cursor's run tells the follower its steps are sent again). Interleaves with every other call.
    /// </summary>
    [Alias("Progress"), AlwaysInterleave, ResponseTimeout("00:01:00")]
    Task<JobProgressUpdate> GetProgressAsync(ProgressCursor since, TimeSpan wait);

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
