namespace AdaFtr.Grains;

/// <summary>
/// How far a follower has read a job's progress (<see cref="ITrainingJobGrain.GetProgressAsync"/>): the steps whose
/// loss it holds, how many evaluations and recoveries it has seen, the state it saw and the run of the job's grain it
/// read them from (a grain revived on another silo is a new run). Begin with <see cref="Start"/>, then pass back each
/// answer's <see cref="JobProgressUpdate.Next"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.ProgressCursor")]
public sealed record ProgressCursor(
    [property: Id(0)] long Step,
    [property: Id(1)] int Evaluations,
    [property: Id(2)] int Recoveries,
    [property: Id(3)] JobState State,
    [property: Id(4)] Guid Run)
{
    public static readonly ProgressCursor Start = new(0, 0, 0, JobState.Created, Guid.Empty);

    /// <summary>A follower that wants no history (a list of jobs): the answer holds the job now and the cursor to follow it from there.</summary>
    public static readonly ProgressCursor Latest = new(long.MaxValue, int.MaxValue, int.MaxValue, JobState.Created, Guid.Empty);
}

/// <summary>
/// What is new in a job since a <see cref="ProgressCursor"/>: the follower keeps its first <see cref="KeptSteps"/> losses
/// and <see cref="KeptEvaluations"/> evaluations and appends <see cref="Losses"/> (steps KeptSteps + 1 on) and
/// <see cref="Evaluations"/> (<see cref="ApplyTo"/>). Kept is what the follower had unless the job went back to a
/// checkpoint (a recovery, or its grain revived on another silo): then the steps after it are trained again and sent again.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.JobProgressUpdate")]
public sealed record JobProgressUpdate(
    [property: Id(0)] JobStatus Now,
    [property: Id(1)] double Loss,
    [property: Id(2)] long KeptSteps,
    [property: Id(3)] IReadOnlyList<double> Losses,
    [property: Id(4)] int KeptEvaluations,
    [property: Id(5)] IReadOnlyList<EvaluationPoint> Evaluations,
    [property: Id(6)] IReadOnlyList<JobRecovery> Recoveries,
    [property: Id(7)] ProgressCursor Next)
{
    /// <summary>The longest a progress call waits for news: inside the 30 s a caller with Orleans' default response timeout allows.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);

    // Now: the job as JobStatus shows it, without its curves (Losses and Evaluations empty) or recoveries; a settled
    // job's grain activated again from its record knows its step count, not its losses. Loss: "the loss"
    // (TrainingLoss, the mean of the last 50 steps), NaN before the first. Recoveries: those after the cursor's count.

    /// <summary>Brings a follower's copy of every step's loss (step 1 first) and of the evaluations up to this answer.</summary>
    public void ApplyTo(List<double> losses, List<EvaluationPoint> evaluations)
    {
        losses.RemoveRange((int)KeptSteps, losses.Count - (int)KeptSteps);
        losses.AddRange(Losses);
        evaluations.RemoveRange(KeptEvaluations, evaluations.Count - KeptEvaluations);
        evaluations.AddRange(Evaluations);
    }
}
