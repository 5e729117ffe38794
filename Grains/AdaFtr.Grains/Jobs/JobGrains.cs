namespace AdaFtr.Grains.Jobs;

/// <summary>The one place a job's worker and parameter-shard references are made.</summary>
public static class JobGrains
{
    public static IParameterServerGrain Shard(IGrainFactory grains, JobSpec spec, int shard) =>
        grains.GetGrain<IParameterServerGrain>(GrainKeys.ParameterShard(spec.JobId, shard));

    public static IWorkerGrain Worker(IGrainFactory grains, JobSpec spec, int worker) =>
        grains.GetGrain<IWorkerGrain>(GrainKeys.Worker(spec.JobId, worker));

    public static IReadOnlyList<IParameterServerGrain> Shards(IGrainFactory grains, JobSpec spec) =>
        Enumerable.Range(0, spec.ParameterShards).Select(s => Shard(grains, spec, s)).ToList();

    public static IReadOnlyList<IWorkerGrain> Workers(IGrainFactory grains, JobSpec spec) =>
        Enumerable.Range(0, spec.Workers).Select(k => Worker(grains, spec, k)).ToList();
}
