namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// One simulated synchronous step, in seconds, in the order the job grain runs it: dispatch to
/// the workers, each pulls, computes and pushes, the barrier waits for the slowest, then the
/// commit lets every shard apply Adam. <see cref="Total"/> is their sum.
/// </summary>
public sealed record StepBreakdown(
    int Workers,
    int BatchPerWorker,
    double Dispatch,
    double Pull,
    double Compute,
    double StragglerWait,
    double Push,
    double Apply,
    double Commit)
{
    public double Total => Dispatch + Pull + Compute + StragglerWait + Push + Apply + Commit;

    public double SamplesPerSecond => Workers * (double)BatchPerWorker / Total;

    /// <summary>Throughput over K times the throughput of one worker: 1 is linear scaling.</summary>
    public double EfficiencyAgainst(StepBreakdown oneWorker) => SamplesPerSecond / (Workers * oneWorker.SamplesPerSecond);
}
