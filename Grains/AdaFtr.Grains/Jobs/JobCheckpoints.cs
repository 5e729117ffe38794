using System.Diagnostics;
using AdaFtr.Checkpoints;
using Microsoft.Extensions.Logging;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// A job's checkpoints: finding the one to resume or warm-start from, restoring every shard from it, and taking new
/// ones at step boundaries (the shards copy their state, then upload it in the background while training goes on;
/// the manifest follows once every file is stored).
/// </summary>
public sealed partial class JobCheckpoints(IGrainFactory grains, JobSpec spec, ILogger logger)
{
    private Task? _publishing;
    private readonly Stopwatch _sinceCheckpoint = Stopwatch.StartNew();
    private double _stallSeconds;
    private int _stalls;

    /// <summary>The step of the checkpoint begun last (published or not).</summary>
    public long Started { get; private set; }

    /// <summary>The newest step with a published manifest (0: none).</summary>
    public long LastPublished { get; private set; }

    public int GivenUp { get; private set; }
    public double MeanStallSeconds => _stalls > 0 ? _stallSeconds / _stalls : 0;
    public List<JobHistoryCheckpoint> Published { get; } = [];

    /// <summary>The job's newest checkpoint that verifies, when its spec fits this one; null when there is none.</summary>
    public async Task<VerifiedCheckpoint?> NewestAsync()
    {
        var catalog = new CheckpointCatalog(CheckpointStores.Open(spec.CheckpointStore!));
        var found = await catalog.NewestValidAsync(spec.JobId, (step, reason) => LogCheckpointRefused(logger, spec.JobId, step, reason));
        if (found is null) return null;
        var saved = found.Spec;
        var errors = new List<string>();
        if (saved.ModelConfigJson != spec.ModelConfigJson) errors.Add($"{nameof(spec.ModelConfigJson)}: differs from the one checkpoint step {found.Manifest.Step} was trained with");
        if (saved.Workers != spec.Workers) errors.Add($"{nameof(spec.Workers)}: {spec.Workers}, but the checkpoint was trained with {saved.Workers}");
        if (saved.ParameterShards != spec.ParameterShards) errors.Add($"{nameof(spec.ParameterShards)}: {spec.ParameterShards}, but the checkpoint has {saved.ParameterShards} shards");
        if (saved.BatchPerWorker != spec.BatchPerWorker) errors.Add($"{nameof(spec.BatchPerWorker)}: {spec.BatchPerWorker}, but the checkpoint was trained with {saved.BatchPerWorker}");
        if (found.Progress.Cursors.Count != spec.Workers) errors.Add($"{nameof(spec.Workers)}: the checkpoint's progress holds {found.Progress.Cursors.Count} cursors");
        if (errors.Count > 0)
        {
            errors.Add($"{nameof(spec.JobId)}: job {spec.JobId} has checkpoints in {spec.CheckpointStore}; resume it with its own spec (`adaftr train --resume {spec.JobId}`) or use a new job id");
            throw new JobSpecException(errors);
        }
        return found;
    }

    /// <summary>The checkpoint <see cref="JobSpec.WarmStartFrom"/> names, verified, when its parameters fit this job's.</summary>
    public async Task<VerifiedCheckpoint> WarmStartAsync(CheckpointReference from)
    {
        VerifiedCheckpoint found;
        try { found = await new CheckpointCatalog(CheckpointStores.Open(from.Store)).LoadAsync(from.Job, from.Step); }
        catch (CheckpointException e) { throw new JobSpecException([$"{nameof(spec.WarmStartFrom)}: {e.Message}"]); }
        if (found.Spec.ParameterShards != spec.ParameterShards)
            throw new JobSpecException([$"{nameof(spec.ParameterShards)}: {spec.ParameterShards}, but the warm-start checkpoint {from.Job} step {from.Step} has {found.Spec.ParameterShards} shards; use the same number"]);
        LogWarmStart(logger, spec.JobId, from.Job, from.Step, from.Store);
        return found;
    }

    /// <summary>
    /// Every shard reads its file of the checkpoint in <paramref name="store"/> itself, verifying it as it streams:
    /// its whole state, or (a warm start) only its parameters.
    /// </summary>
    public async Task RestoreAsync(VerifiedCheckpoint checkpoint, string store, bool parametersOnly)
    {
        await Task.WhenAll(Enumerable.Range(0, spec.ParameterShards).Select(s =>
        {
            var file = checkpoint.ShardFile(s);
            return JobGrains.Shard(grains, spec, s).RestoreAsync(
                new ShardCheckpointSource(store, checkpoint.Manifest.Job, checkpoint.Manifest.Step, file.Name, file.Bytes, file.Sha256, parametersOnly));
        }));
        if (parametersOnly) return;
        LastPublished = Started = checkpoint.Manifest.Step;
        LogResumed(logger, spec.JobId, checkpoint.Manifest.Step, spec.CheckpointStore!);
    }

    /// <summary>True at a step boundary where the spec wants a checkpoint (by step count or by time).</summary>
    public bool Due(long applied) =>
        spec.CheckpointStore is not null && applied < spec.Steps
        && (spec.CheckpointEverySteps > 0 && applied % spec.CheckpointEverySteps == 0
            || spec.CheckpointInterval > TimeSpan.Zero && _sinceCheckpoint.Elapsed >= spec.CheckpointInterval);

    /// <summary>
    /// At a step boundary: every shard copies its state to host memory (the only time training waits), then uploads
    /// it in the background; <paramref name="onPublished"/> runs once the manifest is written.
    /// </summary>
    public async Task BeginAsync(long step, CheckpointProgress progress, IReadOnlyDictionary<string, double> metrics, Func<Task> onPublished)
    {
        if (_publishing is { IsCompleted: false })
        {
            LogCheckpointSkipped(logger, spec.JobId, step, Started);
            return;
        }
        var stall = Stopwatch.StartNew();
        await Task.WhenAll(JobGrains.Shards(grains, spec).Select(s => s.BeginCheckpointAsync(step)));
        _stallSeconds += stall.Elapsed.TotalSeconds;
        _stalls++;
        Started = step;
        _sinceCheckpoint.Restart();
        _publishing = PublishAsync(step, progress, metrics, onPublished);
    }

    /// <summary>Waits for the checkpoint being uploaded, if any.</summary>
    public Task UploadedAsync() => _publishing ?? Task.CompletedTask;

    private async Task PublishAsync(long step, CheckpointProgress progress, IReadOnlyDictionary<string, double> metrics, Func<Task> onPublished)
    {
        try
        {
            var shardFiles = await Task.WhenAll(Enumerable.Range(0, spec.ParameterShards).Select(async s =>
            {
                var (bytes, sha) = await JobGrains.Shard(grains, spec, s).CheckpointUploadedAsync(step);
                return new CheckpointFile(CheckpointLayout.ShardName(s), bytes, sha);
            }));
            var publisher = new CheckpointPublisher(CheckpointStores.Open(spec.CheckpointStore!), spec,
                (name, attempt, error) => LogStoreRetry(logger, error, spec.JobId, name, attempt));
            if (!await publisher.PublishAsync(step, shardFiles, progress, metrics))
            {
                LogManifestExists(logger, spec.JobId, step);
                return;
            }
            LastPublished = step;
            Published.Add(new JobHistoryCheckpoint(step, DateTimeOffset.UtcNow));
            await onPublished();
            var deleted = await publisher.ApplyRetentionAsync(step);
            LogCheckpointed(logger, spec.JobId, step, deleted.Count);
        }
        catch (Exception e)
        {
            // Training goes on: a lost checkpoint costs only the work since the previous one if the job dies now.
            GivenUp++;
            LogCheckpointGivenUp(logger, e, spec.JobId, step);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: checkpoint step {Step} refused: {Reason}")]
    private static partial void LogCheckpointRefused(ILogger logger, string job, long step, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: resumed from checkpoint step {Step} in {Store}")]
    private static partial void LogResumed(ILogger logger, string job, long step, string store);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: warm start from job {From} checkpoint step {Step} in {Store}")]
    private static partial void LogWarmStart(ILogger logger, string job, string from, long step, string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: no checkpoint at step {Step}: the one of step {Previous} is still uploading")]
    private static partial void LogCheckpointSkipped(ILogger logger, string job, long step, long previous);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: writing {Name} failed (try {Attempt}); retrying after a backoff")]
    private static partial void LogStoreRetry(ILogger logger, Exception error, string job, string name, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: checkpoint step {Step} already has a manifest from another writer; it was left untouched")]
    private static partial void LogManifestExists(ILogger logger, string job, long step);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: checkpoint step {Step} published; retention deleted {Deleted}")]
    private static partial void LogCheckpointed(ILogger logger, string job, long step, int deleted);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {Job}: checkpoint step {Step} given up after its retries; training goes on")]
    private static partial void LogCheckpointGivenUp(ILogger logger, Exception error, string job, long step);
}
