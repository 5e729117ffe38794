namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// One simulated synchronous step, in seconds, in the order a worker runs it: compute (on the device thread,
/// with the replies decoded and the pushes encoded), the wait for the slowest worker at the shards' barrier,
/// the push (calls, transfer, the shard decoding the K pushes), the shard's apply, and the reply (the shard
/// encoding it, transfer, any further chunks). The exchange phases are those of the shard that finishes last.
/// <see cref="Total"/> is their sum.
/// </summary>
public sealed record StepBreakdown(
    int Workers,
    int BatchPerWorker,
    double Compute,
    double StragglerWait,
    double Push,
    double Apply,
    double Reply)
{
    public double Total => Compute + StragglerWait + Push + Apply + Reply;

    public double SamplesPerSecond => Workers * (double)BatchPerWorker / Total;

    /// <summary>
    /// Throughput over K times the throughput of <paramref name="oneWorker"/>: 1 is linear scaling. Against one
    /// worker on the same cluster (<see cref="ClusterShape.WithOneWorker"/>) it is at most 1, as no phase shrinks
    /// when workers are added (see <see cref="StepSimulator"/>).
    /// </summary>
    /// <remarks>Written as one worker's step time over this one's (times the batch ratio), not from rounded throughputs, so that a step no shorter never reads above 1.</remarks>
    public double EfficiencyAgainst(StepBreakdown oneWorker) => BatchPerWorker * oneWorker.Total / (oneWorker.BatchPerWorker * Total);
}
