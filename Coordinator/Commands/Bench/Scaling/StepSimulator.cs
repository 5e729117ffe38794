namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// An analytic model of one synchronous data-parallel step of the real protocol
/// (<c>TrainingJobGrain.TryStep</c>, <c>WorkerGrain.RunStepAsync</c>): the job calls every worker;
/// each pulls from every shard in parallel (per shard, the dense chunks then the rows, call after
/// call), computes, and pushes its gradient chunks to every shard (in parallel, chunk after
/// chunk); when the last worker answers, the job commits and each silo's shards apply Adam on the
/// silo's one service thread. Network transfers are limited by the busiest silo link in either
/// direction; traffic between a worker and a shard on the same silo does not cross the network.
/// Wire conversions cost CPU at both ends: on the worker's device thread, and for every pushed
/// gradient on its shard's silo service thread, where the K workers' pushes queue.
/// Pure: no clocks, no randomness, so the hand-computed cases in the tests hold exactly.
/// </summary>
public static class StepSimulator
{
    public static StepBreakdown Simulate(ClusterShape cluster, MeasuredCosts costs, StepWorkload workload)
    {
        cluster.Validate();
        if (workload.Shards != cluster.ParameterShards)
            throw new ArgumentException($"the workload is split over {workload.Shards} shards, the cluster has {cluster.ParameterShards}", nameof(workload));
        // With two silos or more, every phase waits for some call that crosses a link.
        double call = (cluster.Silos > 1 ? cluster.RpcLatencySeconds : 0) + costs.RpcOverheadSeconds;
        var shards = Enumerable.Range(0, workload.Shards).ToList();

        // Per shard, both ways carry the same payload: values pulled, gradients of the same shape pushed.
        var perShardBytes = shards.Select(s => workload.DenseBytes(s) + workload.SparseBytes(s)).ToList();
        double transfer = BusiestLinkBytes(cluster, perShardBytes) / cluster.BandwidthBytesPerSecond;
        int rowsPerCall = Math.Max(1, cluster.MaxMessageBytes / (workload.EmbeddingDim * sizeof(float)));
        double pullCalls = shards.Max(s => Chunks(workload.DenseBytes(s), cluster.MaxMessageBytes) + Math.Ceiling(workload.WorkerRowsPerShard[s] / rowsPerCall));
        double pushCalls = shards.Max(s => Chunks(perShardBytes[s], cluster.MaxMessageBytes));

        int sharing = Math.Min(cluster.WorkersPerDevice, cluster.Workers);   // steps queued on the busiest device
        double compute = costs.ComputeSeconds * sharing / cluster.ComputeSpeedup;
        double workerWire = perShardBytes.Sum() * costs.WorkerWireSecondsPerByte * sharing;
        double shardWire = Enumerable.Range(0, cluster.Silos).Max(silo =>
            shards.Where(s => cluster.SiloOfShard(s) == silo).Sum(s => cluster.Workers * perShardBytes[s] * costs.ShardWireSecondsPerByte));
        double jitter = costs.ComputeJitterSeconds * Math.Sqrt(sharing) / cluster.ComputeSpeedup;
        double straggler = jitter * NormalMaximum.Expected(cluster.Devices);

        double apply = Enumerable.Range(0, cluster.Silos).Max(silo => shards.Where(s => cluster.SiloOfShard(s) == silo).Sum(s =>
            workload.DenseElementsPerShard[s] * costs.DenseApplySecondsPerElement
            + (workload.MergedRowsPerShard[s] > 0 ? costs.RowApplyFixedSeconds + workload.MergedRowsPerShard[s] * costs.RowApplySecondsPerRow : 0)
            + (cluster.Workers - 1) * (workload.DenseElementsPerShard[s] + workload.WorkerRowsPerShard[s] * workload.EmbeddingDim) * costs.MergeSecondsPerElement));

        return new StepBreakdown(cluster.Workers, workload.BatchPerWorker,
            Dispatch: call,
            Pull: pullCalls * call + transfer + workerWire,
            Compute: compute,
            StragglerWait: straggler,
            Push: pushCalls * call + transfer + workerWire + shardWire,
            Apply: apply,
            Commit: call);
    }

    /// <summary>
    /// The most bytes any silo's link carries one way while every worker pulls (or pushes)
    /// <paramref name="perShardBytes"/>: a silo receives what its workers fetch from shards elsewhere,
    /// and sends what its shards serve to workers elsewhere.
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

    /// <summary>Calls needed for <paramref name="bytes"/> under the message limit; at least one, as a shard is always asked.</summary>
    private static double Chunks(double bytes, int maxMessageBytes) => Math.Max(1, Math.Ceiling(bytes / maxMessageBytes));
}
