using System.Diagnostics;
using Orleans.Runtime.Placement;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// The job's side of the step protocol. The job is off the per-step data path: it hands every worker a window of
/// steps, and workers and shards step on their own, one round trip per shard per step. The job only watches shard
/// 0's record of applied steps. When a worker fails or no step is applied within the barrier timeout, it abandons
/// the window (the shards open a new generation, so whatever the old one still sends is refused) and tells the
/// caller where to restart: the first step some shard has not applied.
/// </summary>
public sealed class StepWindowRunner(IGrainFactory grains, JobSpec spec, JobProgress progress, IReadOnlyList<SiloAddress> placement)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly IParameterServerGrain _recorder = JobGrains.Shard(grains, spec, 0);
    private int _generation;

    /// <summary>Why a window ended early: the failures, or a non-finite gradient (the job pauses at once).</summary>
    public sealed record Failure(string Message, bool NonFinite);

    /// <summary>Runs steps <paramref name="from"/>..<paramref name="to"/>; null when every one was applied.</summary>
    public async Task<Failure?> RunAsync(long from, long to, TimeSpan barrier)
    {
        var cursors = progress.CursorsAfter(from - 1);
        var calls = Enumerable.Range(0, spec.Workers).Select(k => CallWorker(k, new StepWindow(from, to, cursors[k], _generation))).ToList();
        var all = Task.WhenAll(calls);
        var sinceProgress = Stopwatch.StartNew();
        long seen = progress.Applied;
        while (true)
        {
            await Task.WhenAny(all, Task.Delay(Poll));
            // Looked at before the record is read: a window that ends while the record is on its way is seen next time round, never with its last steps missing.
            bool ended = all.IsCompleted;
            var failed = calls.Select((call, k) => (k, error: call.Exception?.GetBaseException())).Where(f => f.error is not null and not StepAbortedException).ToList();
            try { await RecordAppliedAsync(); }
            catch (Exception e) { return new Failure($"parameter shard 0: {e.GetBaseException().Message}", false); }
            if (progress.Applied > seen) { seen = progress.Applied; sinceProgress.Restart(); }

            if (failed.FirstOrDefault(f => f.error is NonFiniteGradientException) is { error: { } nonFinite }) return new Failure(nonFinite.Message, true);
            if (failed.Count > 0) return new Failure(string.Join("; ", failed.Select(f => $"worker {f.k}: {f.error!.Message}")), false);
            if (ended) return all.IsCompletedSuccessfully ? null : new Failure($"step {seen + 1} was abandoned by a parameter shard", false);
            if (sinceProgress.Elapsed > barrier) return Stalled(calls, barrier, seen);
        }
    }

    private static Failure Stalled(IReadOnlyList<Task<WorkerLocation>> calls, TimeSpan barrier, long applied) =>
        new($"no step applied within the barrier timeout {barrier} (waiting for step {applied + 1}; workers still in it: {string.Join(", ", calls.Select((c, k) => (c, k)).Where(x => !x.c.IsCompleted).Select(x => x.k))})", false);

    /// <summary>Adds what shard 0 applied since the job last asked to <see cref="JobProgress"/>.</summary>
    public async Task RecordAppliedAsync()
    {
        foreach (var step in await _recorder.AppliedStepsAsync(progress.Applied)) progress.Record(step);
    }

    /// <summary>
    /// Abandons the running window on every shard (a new generation, above any a shard has seen); returns the shards
    /// as they are now: the next window starts after the last step every one of them has applied, unless one lost its
    /// state with its silo (version −1). <paramref name="recordApplied"/> false: shard 0's record belongs to an earlier
    /// activation of the job, and is about to be replaced by a checkpoint's.
    /// </summary>
    public async Task<IReadOnlyList<ShardLocation>> AbandonAsync(bool recordApplied = true)
    {
        var shards = JobGrains.Shards(grains, spec);
        _generation = Math.Max(_generation, (await Task.WhenAll(shards.Select(s => s.GetInfoAsync()))).Max(s => s.Generation)) + 1;
        var opened = await Task.WhenAll(shards.Select(s => s.OpenGenerationAsync(_generation)));
        if (recordApplied && opened.All(s => s.Version >= 0)) await RecordAppliedAsync();
        return opened;
    }

    private Task<WorkerLocation> CallWorker(int worker, StepWindow window)
    {
        // The hint places a new activation on the silo the job chose; an existing one stays where it is.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, placement[worker]);
        try
        {
            return JobGrains.Worker(grains, spec, worker).RunStepsAsync(spec, window);
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }
}
