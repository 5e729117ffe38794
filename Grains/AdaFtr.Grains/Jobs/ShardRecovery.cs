using System.Diagnostics;
using AdaFtr.Grains.Wire;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Runtime;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Seeds a job's parameter shards, and after a failed window puts them where every worker can restart: the window is
/// abandoned on every shard (retried until every shard answers: a dead silo's shard answers only once the cluster has
/// declared it dead and it restarted, empty, on a survivor), and when a shard lost its state every shard goes back to
/// the newest verified checkpoint and the workers to its data cursors.
/// </summary>
public sealed partial class ShardRecovery(IGrainFactory grains, JobSpec spec, ModelConfig config, ComputeThread service,
    JobCheckpoints checkpoints, JobProgress progress, StepWindowRunner runner, ILogger logger)
{
    /// <summary>Long enough for the cluster to declare a dead silo dead (a few missed probes).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Where to restart, the shards as they are now (null: they did not all answer), why the job must pause (null:
    /// it need not) and, when shards lost their state, what was lost and which checkpoint the job went back to.
    /// </summary>
    public sealed record Outcome(long Restart, IReadOnlyList<ShardLocation>? Shards, string? PauseReason, JobRecovery? Recovered);

    /// <summary>Seeds <paramref name="shards"/> with the local trainer's initial values; <paramref name="silos"/> places them (null: the placement director picks survivors).</summary>
    public async Task SeedAsync(IReadOnlyList<int> shards, IReadOnlyList<SiloAddress>? silos)
    {
        var initial = await service.RunAsync(() => ModelFactory.InitialShards(config, spec.ParameterShards));
        await Task.WhenAll(shards.Select(async s =>
        {
            var shard = JobGrains.Shard(grains, spec, s);
            var chunks = PieceChunker.Split(initial[s], spec.MaxMessageBytes);
            for (int c = 0; c < chunks.Count; c++)
            {
                // The hint places the shard's activation on its silo; later calls find it there.
                if (silos is not null) RequestContext.Set(IPlacementDirector.PlacementHintKey, silos[s]);
                try { await shard.InitializeAsync(new ShardInitChunk(spec, c, chunks.Count, chunks[c])); }
                finally { RequestContext.Remove(IPlacementDirector.PlacementHintKey); }
            }
        }));
    }

    /// <param name="next">The first step of the failed window.</param>
    /// <param name="failure">Why it failed, for a pause's message.</param>
    public async Task<Outcome> SettleAsync(long next, string failure)
    {
        var patience = spec.BarrierTimeout > Patience ? spec.BarrierTimeout : Patience;
        var clock = Stopwatch.StartNew();
        for (int attempt = 1; ; attempt++)
        {
            IReadOnlyList<ShardLocation> shards;
            try { shards = await runner.AbandonAsync(); }
            catch (Exception e)
            {
                if (clock.Elapsed > patience)
                    return new Outcome(next, null, $"{failure}; the parameter shards did not all answer within {patience.TotalSeconds:F0} s ({e.GetBaseException().Message}); resume to try again", null);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
                continue;
            }
            if (shards.All(s => s.Version >= 0)) return new Outcome(shards.Min(s => s.Version) + 1, shards, null, null);
            return await GoBackToCheckpoint(next, shards);
        }
    }

    private async Task<Outcome> GoBackToCheckpoint(long next, IReadOnlyList<ShardLocation> shards)
    {
        var clock = Stopwatch.StartNew();
        var lost = shards.Where(s => s.Version < 0).Select(s => s.Shard).ToList();
        var what = $"parameter shard{(lost.Count > 1 ? "s" : "")} {string.Join(", ", lost.Select(s => $"ps{s}"))}";
        LogShardsLost(logger, spec.JobId, what);
        await checkpoints.UploadedAsync();
        var checkpoint = spec.CheckpointStore is null ? null : await checkpoints.NewestAsync();
        if (checkpoint is null)
            return new Outcome(next, shards, $"{what} lost with {(lost.Count > 1 ? "their silos" : "its silo")} after step {progress.Applied}, and there is no checkpoint to go back to" +
                (spec.CheckpointStore is null ? ": the job has no CheckpointStore (start it with --checkpoint-dir, or on a cluster with --checkpoints)" : " yet") + "; start the job again", null);

        await SeedAsync(lost, silos: null);
        await checkpoints.RestoreAsync(checkpoint, spec.CheckpointStore!, parametersOnly: false);
        long step = checkpoint.Manifest.Step;
        progress.ResetTo(step, checkpoint.Progress.Cursors, checkpoint.Progress.Losses, checkpoint.Progress.Samples);
        var restored = await runner.AbandonAsync();   // one generation for all, the restarted shards included
        LogRecovered(logger, spec.JobId, what, step, clock.Elapsed.TotalSeconds);
        return new Outcome(step + 1, restored, null, new JobRecovery(DateTimeOffset.UtcNow, what, step, clock.Elapsed.TotalSeconds));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: {Lost} lost with their silo; going back to the newest checkpoint")]
    private static partial void LogShardsLost(ILogger logger, string job, string lost);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: {Lost} restored on surviving silos from checkpoint step {Step} in {Seconds:F1} s; training goes on")]
    private static partial void LogRecovered(ILogger logger, string job, string lost, long step, double seconds);
}
