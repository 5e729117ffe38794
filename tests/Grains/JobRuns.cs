using AdaFtr.Grains.Jobs;
using AdaFtr.Model.Configuration;

namespace AdaFtr.Grains.Tests;

internal static class JobRuns
{
    private static int _next;

    public static JobSpec Spec(TrainingData data, int workers, int shards = 2, long steps = 50, int batch = 16) => new()
    {
        JobId = $"job-{Interlocked.Increment(ref _next)}-{Guid.NewGuid():N}"[..24],
        ModelConfigJson = ModelConfigJson.Serialize(TrainingData.Config(workers, workers * batch)),
        ShardDirectory = data.Directory,
        Workers = workers,
        ParameterShards = shards,
        Steps = steps,
        BatchPerWorker = batch,
    };

    /// <summary>Starts the job and waits until it completes, fails, is cancelled or pauses.</summary>
    public static async Task<JobStatus> RunUntilSettled(IGrainFactory grains, JobSpec spec, TimeSpan? limit = null)
    {
        var job = grains.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.StartAsync(spec);
        return await JobWatch.SettledAsync(job, limit);
    }

    public static async Task<Dictionary<string, float[]>> Parameters(IGrainFactory grains, string job) =>
        (await grains.GetGrain<ITrainingJobGrain>(job).GetParametersAsync())
        .ToDictionary(p => p.Name, p => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(p.Data).ToArray());

    /// <summary>The local trainer with K micro-batches on the same batches the K workers read, after <paramref name="steps"/> steps.</summary>
    public static Dictionary<string, float[]> LocalReference(JobSpec spec, long steps)
    {
        using var reference = new LocalReference(spec);
        for (long step = 0; step < steps; step++) reference.Step();
        return reference.Parameters();
    }

    public static double MaxDifference(Dictionary<string, float[]> a, Dictionary<string, float[]> b)
    {
        a.Keys.Should().BeEquivalentTo(b.Keys);
        return a.Max(kv => kv.Value.Zip(b[kv.Key], (x, y) => Math.Abs(x - y)).DefaultIfEmpty(0).Max());
    }
}
