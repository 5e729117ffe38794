namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// An analytic model of one synchronous data-parallel step of the real protocol (<c>WorkerGrain.RunStepsAsync</c>,
/// <c>ParameterServerGrain.PushAsync</c> and <c>Apply</c>). A worker computes on its device thread (decoding the
/// replies that brought its parameters and rows, encoding its gradients), then pushes to every shard in parallel,
/// one call per shard unless the push is over the message limit (then chunk after chunk); a push also carries the
/// ids of the rows its next batch needs, read ahead while the exchange runs. Each shard, on a compute thread of its
/// own, waits for the K-th push, decodes the K pushes, sums them in worker order and applies Adam, then encodes its
/// dense slice once and every worker's rows, and answers each push; a reply over the limit is fetched chunk after
/// chunk. Network transfers are limited by the busiest silo link in either direction; traffic between a worker and
/// a shard on the same silo does not cross the network.
/// <para>
/// Assumptions: a silo has a core for every shard and device on it, so shards on one silo apply in parallel; the
/// job is off the step path (it hands workers windows of about a second of steps, one call per window, and polls
/// shard 0 every 100 ms), so its calls are left out; reading the next batch hides behind the exchange. The step is
/// compute, the wait for the slowest worker, then the exchange of the shard that finishes last.
/// </para>
/// <para>
/// No phase shrinks when workers are added to a cluster (its silos, shards, links and devices fixed): the computes
/// queued on a device, the devices a barrier waits for, the bytes on every link, the pushes a shard decodes and sums,
/// the rows it applies and the replies it encodes only grow with K. So K workers never step faster than one worker
/// on the same cluster, and the efficiency against that one (<see cref="StepBreakdown.EfficiencyAgainst"/>) is at
/// most 1 by construction, whatever the measured costs.
/// </para>
/// Pure: no clocks, no randomness, so the hand-computed cases in the tests hold exactly.
/// </summary>
public static class StepSimulator
{
    public static StepBreakdown Simulate(ClusterShape cluster, MeasuredCosts costs, StepWorkload workload)
    {
        cluster.Validate();
        if (workload.Shards != cluster.ParameterShards)
            throw new ArgumentException($"the workload is split over {workload.Shards} shards, the cluster has {cluster.ParameterShards}", nameof(workload));
        int workers = cluster.Workers;
        // With two silos or more, every exchange waits for some call that crosses a link.
        double call = (cluster.Silos > 1 ? cluster.RpcLatencySeconds : 0) + costs.RpcOverheadSeconds;
        var shards = Enumerable.Range(0, workload.Shards).ToList();
        var pushBytes = shards.Select(workload.PushBytes).ToList();
        var replyBytes = shards.Select(workload.ReplyBytes).ToList();

        int sharing = Math.Min(cluster.WorkersPerDevice, workers);   // steps queued on the busiest device
        double workerWire = pushBytes.Sum() * costs.EncodeSecondsPerByte + replyBytes.Sum() * costs.DecodeSecondsPerByte;
        double compute = (costs.ComputeSeconds / cluster.ComputeSpeedup + workerWire) * sharing;
        double jitter = costs.ComputeJitterSeconds * Math.Sqrt(sharing) / cluster.ComputeSpeedup;
        double straggler = jitter * NormalMaximum.Expected(cluster.Devices);

        double pushTransfer = BusiestLinkBytes(cluster, pushBytes) / cluster.BandwidthBytesPerSecond;
        double replyTransfer = BusiestLinkBytes(cluster, replyBytes) / cluster.BandwidthBytesPerSecond;
        var last = shards.Select(s => (
            Push: Chunks(pushBytes[s], cluster.MaxMessageBytes) * call + pushTransfer + workers * pushBytes[s] * costs.DecodeSecondsPerByte,
            Apply: workload.DenseElementsPerShard[s] * costs.DenseApplySecondsPerElement
                + (workload.MergedRowsPerShard[s] > 0 ? costs.RowApplyFixedSeconds + workload.MergedRowsPerShard[s] * costs.RowApplySecondsPerRow : 0)
                + (workers - 1) * (workload.DenseElementsPerShard[s] + workload.WorkerRowsPerShard[s] * workload.EmbeddingDim) * costs.MergeSecondsPerElement,
            // The dense slice is encoded once for all workers, the rows once per worker; the first chunk rides on the push's return.
            Reply: (workload.DenseBytes(s) + workers * (replyBytes[s] - workload.DenseBytes(s))) * costs.EncodeSecondsPerByte
                + (Chunks(replyBytes[s], cluster.MaxMessageBytes) - 1) * call + replyTransfer))
            .MaxBy(e => e.Push + e.Apply + e.Reply);

        return new StepBreakdown(workers, workload.BatchPerWorker, compute, straggler, last.Push, last.Apply, last.Reply);
    }

    /// <summary>
    /// The most bytes any silo's link carries one way while every worker sends (or receives)
    /// <paramref name="perShardBytes"/> to (from) each shard: a silo sends its workers' payloads for shards
    /// elsewhere and receives its shards' from workers elsewhere, or the other way round.
    /// </summary>
    public static double BusiestLinkBytes(ClusterShape cluster, IReadOnlyList<double> perShardBytes)
    {
        double busiest = 0;
        for (int silo = 0; silo < cluster.Silos; silo++)
        {
            int local = cluster.WorkersOn(silo);
            double received = 0, sent = 0;
            for (int s = 0; s < perShardBytes.Count; s++)
            {
                if (cluster.SiloOfShard(s) == silo) sent += perShardBytes[s] * (cluster.Workers - local);
                else received += perShardBytes[s] * local;
            }
            busiest = Math.Max(busiest, Math.Max(received, sent));
        }
        return busiest;
    }

    /// <summary>Calls needed for <paramref name="bytes"/> under the message limit; at least one, as every shard is pushed to.</summary>
    private static double Chunks(double bytes, int maxMessageBytes) => Math.Max(1, Math.Ceiling(bytes / maxMessageBytes));
}
