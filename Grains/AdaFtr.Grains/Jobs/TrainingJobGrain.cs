using System.Diagnostics;
using System.Text.Json;
using AdaFtr.Model.Metrics;
using AdaFtr.Grains.Checkpoints;
using AdaFtr.Grains.Compute;
using AdaFtr.Grains.Wire;
using AdaFtr.Model.Networks;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Drives one job: validates the spec, seeds the parameter shards with the local trainer's
/// initial values, places K workers (the job chooses each worker's silo), and runs synchronous
/// steps: all K workers compute and push step t, then every shard commits t. A worker that fails
/// or overruns the barrier timeout is retried (possibly reactivated on another silo) from the same
/// cursor and version, so the result does not depend on failures; NaN/Inf pauses the job.
/// With a checkpoint store in the spec, a start first looks for the job's newest valid checkpoint
/// and continues from it, and steps are checkpointed at step boundaries while training goes on.
/// Without one of its own, a spec's warm-start checkpoint supplies the initial parameters (fresh
/// optimizer, cursor and step count); with zero steps the job only evaluates them.
/// When the silo has a cluster checkpoint store, an activation that finds an unfinished job's
/// checkpoint there resumes that job by itself (its silo died and a call woke it elsewhere).
/// </summary>
public sealed partial class TrainingJobGrain(DeviceSlots slots, ClusterCheckpoints clusterCheckpoints, ILocalSiloDetails silo, ILogger<TrainingJobGrain> logger) : Grain, ITrainingJobGrain
{
    private JobSpec? _spec;
    private Task? _start;
    private bool _selfResumed;
    private JobState _state = JobState.Created;
    private string? _message;
    private long _applied;
    private long _retries;
    private long _denseBytes;
    private long _sparseBytes;
    private readonly List<double> _losses = [];
    private readonly List<EvaluationPoint> _evaluations = [];
    private readonly Dictionary<long, long[]> _samples = [];
    private DataCursor?[] _cursors = [];
    private WorkerLocation[] _locations = [];
    private SiloAddress[] _placement = [];
    private readonly Stopwatch _clock = new();
    private TaskCompletionSource? _resumed;
    private bool _pauseRequested;
    private bool _cancelRequested;
    private Task? _checkpoint;
    private readonly Stopwatch _sinceCheckpoint = new();
    private long _checkpointStarted;
    private long _lastCheckpoint;
    private long _resumedFrom;
    private double _stallSeconds;
    private int _stalls;
    private int _checkpointsGivenUp;
    private JobHistoryWriter? _history;
    private JobHistorySpec? _historySpec;
    private DateTimeOffset _startedUtc;
    private readonly List<JobHistoryCheckpoint> _published = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.FromDays(365));
        if (clusterCheckpoints.Store is not { } store) return;
        // Blob storage is the durable truth: an unfinished job with a checkpoint there continues without being started again.
        var job = this.GetPrimaryKeyString();
        var found = await new CheckpointCatalog(CheckpointStores.Open(store)).NewestValidAsync(job, (step, reason) => LogCheckpointRefused(logger, job, step, reason), cancellationToken);
        if (found is null || found.Manifest.Step >= found.Spec.Steps) return;
        _selfResumed = true;
        LogSelfResume(logger, job, found.Manifest.Step);
        _start = StartCore(found.Spec with { CheckpointStore = store });
    }

    async Task<JobStatus> ITrainingJobGrain.StartAsync(JobSpec spec)
    {
        if (_start is { IsFaulted: true } && _spec is null) _start = null;   // the last spec was refused: a corrected one may start
        if (_start is null) _start = StartCore(spec);
        // Compared as JSON: a retried start deserializes new list instances, which record equality would call different.
        else if (_spec is not null && !JobSpecJson.ToJson(_spec).AsSpan().SequenceEqual(JobSpecJson.ToJson(spec)) && !_selfResumed)
            throw new InvalidOperationException($"job {_spec.JobId} is already {_state}; use a new job id");
        await _start;   // a job that resumed by itself keeps the spec saved with its checkpoint
        return Status();
    }

    private async Task StartCore(JobSpec spec)
    {
        var config = await slots.Service.RunAsync(() => JobSpecValidator.Validate(spec));
        var resume = spec.CheckpointStore is null ? null : await NewestCheckpoint(spec);
        var warm = resume is null && spec.WarmStartFrom is { } from ? await WarmStartCheckpoint(spec, from) : null;
        _spec = spec;
        _cursors = new DataCursor?[spec.Workers];

        var initial = await slots.Service.RunAsync(() => ModelFactory.InitialShards(config, spec.ParameterShards));
        await Task.WhenAll(initial.Select(async (buffers, s) =>
        {
            var shard = GrainFactory.GetGrain<IParameterServerGrain>(GrainKeys.ParameterShard(spec.JobId, s));
            var chunks = PieceChunker.Split(buffers, spec.MaxMessageBytes);
            for (int c = 0; c < chunks.Count; c++)
            {
                RequestContext.Set(IPlacementDirector.PlacementHintKey, silo.SiloAddress);
                await shard.InitializeAsync(new ShardInitChunk(spec, c, chunks.Count, chunks[c]));
            }
        }));
        RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        if (resume is not null) await Restore(spec, resume);
        else if (warm is not null) await RestoreShards(spec, warm, spec.WarmStartFrom!.Store, parametersOnly: true);

        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var silos = hosts.Keys.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        _placement = Enumerable.Range(0, spec.Workers).Select(k => silos[k % silos.Length]).ToArray();
        _locations = Enumerable.Range(0, spec.Workers).Select(k => new WorkerLocation(k, _placement[k].ToString(), "")).ToArray();

        await GrainFactory.GetGrain<IJobRegistryGrain>(0).RegisterAsync(spec.JobId);
        if (spec.CheckpointStore is not null)
        {
            _history = new JobHistoryWriter(CheckpointStores.Open(spec.CheckpointStore), logger);
            _historySpec = JobHistorySpec.Of(spec);
            if (_resumedFrom > 0 && await _history.ReadAsync(spec.JobId) is { } earlier)
            {
                // The checkpoint restored the losses; the earlier run's history gives back its evaluations and checkpoints up to there.
                _evaluations.AddRange(earlier.Evaluations.Where(e => e.Step <= _resumedFrom));
                _published.AddRange(earlier.Checkpoints.Where(c => c.Step <= _resumedFrom));
            }
        }
        _startedUtc = DateTimeOffset.UtcNow;
        _state = JobState.Running;
        _clock.Start();
        _sinceCheckpoint.Start();
        _ = RunAsync();   // runs on this grain's scheduler; Status() reports its progress
    }

    Task<JobStatus> ITrainingJobGrain.GetStatusAsync() => Task.FromResult(Status());

    Task<IReadOnlyDictionary<long, long[]>> ITrainingJobGrain.GetAppliedSamplesAsync() =>
        Task.FromResult<IReadOnlyDictionary<long, long[]>>(new Dictionary<long, long[]>(_samples));

    async Task<IReadOnlyList<TensorPiece>> ITrainingJobGrain.GetParametersAsync()
    {
        var spec = _spec ?? throw new InvalidOperationException("the job has not started");
        var parameters = new List<NamedBuffer>();
        var rows = new List<NamedBuffer>();
        for (int s = 0; s < spec.ParameterShards; s++)
        {
            var shard = GrainFactory.GetGrain<IParameterServerGrain>(GrainKeys.ParameterShard(spec.JobId, s));
            var assembler = new PieceAssembler();
            var (first, chunks) = await shard.SnapshotAsync(0);
            assembler.Add(first);
            for (int c = 1; c < chunks; c++) assembler.Add((await shard.SnapshotAsync(c)).Pieces);
            parameters.AddRange(assembler.Buffers.Where(b => b.Name != ShardInitChunk.RowsName));
            rows.Add(assembler.Buffers.Single(b => b.Name == ShardInitChunk.RowsName));
        }
        var table = new NamedBuffer(AdaFtrModel.EmbeddingName, [rows.Sum(r => r.Shape[0]), rows[0].Shape[1]], sizeof(float), rows.SelectMany(r => r.Data).ToArray());
        return parameters.Append(table).OrderBy(b => b.Name, StringComparer.Ordinal)
            .Select(b => new TensorPiece(b.Name, b.Shape, b.ElementBytes, 0, b.Data)).ToList();
    }

    Task ITrainingJobGrain.PauseAsync()
    {
        if (_state == JobState.Running) _pauseRequested = true;
        return Task.CompletedTask;
    }

    Task ITrainingJobGrain.ResumeAsync()
    {
        _pauseRequested = false;
        if (_state == JobState.Paused)
        {
            _state = JobState.Running;
            _message = null;
            _resumed?.TrySetResult();
        }
        return Task.CompletedTask;
    }

    Task ITrainingJobGrain.CancelAsync()
    {
        _cancelRequested = true;
        _resumed?.TrySetResult();
        return Task.CompletedTask;
    }

    private async Task RunAsync()
    {
        var spec = _spec!;
        var settled = JobState.Completed;
        try
        {
            while (_applied < spec.Steps)
            {
                if (_cancelRequested) { settled = JobState.Cancelled; return; }
                if (_pauseRequested) Pause($"paused by request after step {_applied}");
                else if (await TryStep(spec, _applied + 1))
                {
                    if (CheckpointDue(spec)) await BeginCheckpoint(spec);
                    continue;
                }
                await WriteHistory(_state);
                await WaitForResume();
            }
            if (spec.Steps == 0) await Evaluate(spec, 0);
            if (spec.CheckpointStore is not null && _checkpointStarted != _applied)
            {
                if (_checkpoint is not null) await _checkpoint;
                await BeginCheckpoint(spec);
            }
            if (_checkpoint is not null) await _checkpoint;
            LogCompleted(logger, spec.JobId, _applied, _clock.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            settled = JobState.Failed;
            _message = e.Message;
            LogFailed(logger, e, spec.JobId, _applied);
        }
        finally
        {
            _clock.Stop();
            // Recorded before it is reported: whoever sees the job settled can read its history.
            await WriteHistory(settled);
            _state = settled;
            await ReleaseWorkersAndShards(spec);
        }
    }

    /// <summary>A settled job's replicas, device slots and parameters leave memory after <see cref="JobSpec.KeepFinishedFor"/>; best-effort.</summary>
    private async Task ReleaseWorkersAndShards(JobSpec spec)
    {
        var releases = Enumerable.Range(0, spec.Workers).Select(k => GrainFactory.GetGrain<IWorkerGrain>(GrainKeys.Worker(spec.JobId, k)).ReleaseAfterAsync(spec.KeepFinishedFor))
            .Concat(Enumerable.Range(0, spec.ParameterShards).Select(s => GrainFactory.GetGrain<IParameterServerGrain>(GrainKeys.ParameterShard(spec.JobId, s)).ReleaseAfterAsync(spec.KeepFinishedFor)));
        try { await Task.WhenAll(releases); }
        catch (Exception e) { LogReleaseFailed(logger, e, spec.JobId); }
    }

    /// <summary>Best-effort: a history that cannot be written is logged by the writer, and training goes on.</summary>
    private Task WriteHistory(JobState state) => _history is null ? Task.CompletedTask
        : _history.WriteAsync(JobHistory.Of(Status(), state, _historySpec, _startedUtc, state == JobState.Running ? null : DateTimeOffset.UtcNow,
            _clock.Elapsed.TotalSeconds, _published.ToList()));

    /// <returns>False when the job paused instead of applying the step.</returns>
    private async Task<bool> TryStep(JobSpec spec, long step)
    {
        var reports = new StepReport?[spec.Workers];
        var pending = Enumerable.Range(0, spec.Workers).ToList();
        var failures = new List<string>();
        for (int attempt = 1; attempt <= spec.MaxStepAttempts && pending.Count > 0; attempt++)
        {
            if (attempt > 1)
            {
                _retries++;
                LogRetry(logger, spec.JobId, step, attempt, string.Join("; ", failures));
                await Task.Delay(spec.RetryBackoff * (attempt - 1));   // gives the cluster time to declare a dead silo dead
            }
            failures.Clear();
            // Each attempt waits longer: a retry queues behind a worker still busy with the last one.
            var barrier = spec.BarrierTimeout * attempt;
            var calls = pending.Select(k => (Worker: k, Call: CallWorker(spec, k, step, attempt).WaitAsync(barrier))).ToList();
            try { await Task.WhenAll(calls.Select(c => c.Call)); }
            catch { /* looked at per call below */ }
            foreach (var (k, call) in calls)
            {
                if (call.IsCompletedSuccessfully) { reports[k] = call.Result; continue; }
                var error = call.Exception?.GetBaseException() ?? new TimeoutException();
                if (error is NonFiniteGradientException)
                {
                    Pause(error.Message);
                    return false;
                }
                failures.Add(error is TimeoutException ? $"worker {k}: no answer within the barrier timeout {barrier}" : $"worker {k}: {error.Message}");
            }
            pending = pending.Where(k => reports[k] is null).ToList();
        }
        if (pending.Count > 0)
        {
            Pause($"step {step} failed {spec.MaxStepAttempts} times: {string.Join("; ", failures)}; resume to try again");
            return false;
        }

        await Task.WhenAll(Enumerable.Range(0, spec.ParameterShards).Select(s =>
            GrainFactory.GetGrain<IParameterServerGrain>(GrainKeys.ParameterShard(spec.JobId, s)).CommitAsync(step)));
        _applied = step;
        _losses.Add(reports.Average(r => r!.Loss));
        _denseBytes += reports.Sum(r => r!.DenseBytes);
        _sparseBytes += reports.Sum(r => r!.SparseBytes);
        for (int k = 0; k < spec.Workers; k++)
        {
            _cursors[k] = reports[k]!.CursorAfter;
            _locations[k] = new WorkerLocation(k, reports[k]!.Silo, reports[k]!.Device);
        }
        if (spec.TrackSampleIds) _samples[step] = reports.SelectMany(r => r!.SampleIds ?? []).ToArray();
        if (spec.EvalShardDirectory is not null && (step == spec.Steps || spec.EvalEverySteps > 0 && step % spec.EvalEverySteps == 0))
            await Evaluate(spec, step);
        return true;
    }

    /// <summary>Every worker evaluates its shards of the evaluation set at this version; the parts merge exactly.</summary>
    private async Task Evaluate(JobSpec spec, long step)
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, spec.Workers).Select(k =>
            GrainFactory.GetGrain<IWorkerGrain>(GrainKeys.Worker(spec.JobId, k)).EvaluateAsync(spec, step)));
        var merged = parts.Select(p => JsonSerializer.Deserialize<List<TaskEvaluation>>(p)!).Where(p => p.Count > 0)
            .Aggregate((a, b) => a.Zip(b, (x, y) => x.Merge(y)).ToList());
        foreach (var metrics in merged.Select(e => e.Metrics()))
            _evaluations.Add(new EvaluationPoint(step, metrics.Task, metrics.Auc, metrics.Gauc, metrics.LogLoss, metrics.Rows));
    }

    /// <summary>The job's newest checkpoint that verifies, when its spec fits this one; null when there is none.</summary>
    private async Task<VerifiedCheckpoint?> NewestCheckpoint(JobSpec spec)
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
    private async Task<VerifiedCheckpoint> WarmStartCheckpoint(JobSpec spec, CheckpointReference from)
    {
        VerifiedCheckpoint found;
        try { found = await new CheckpointCatalog(CheckpointStores.Open(from.Store)).LoadAsync(from.Job, from.Step); }
        catch (CheckpointException e) { throw new JobSpecException([$"{nameof(spec.WarmStartFrom)}: {e.Message}"]); }
        if (found.Spec.ParameterShards != spec.ParameterShards)
            throw new JobSpecException([$"{nameof(spec.ParameterShards)}: {spec.ParameterShards}, but the warm-start checkpoint {from.Job} step {from.Step} has {found.Spec.ParameterShards} shards; use the same number"]);
        LogWarmStart(logger, spec.JobId, from.Job, from.Step, from.Store);
        return found;
    }

    /// <summary>Puts every shard, the data cursors and the loss history back as the checkpoint saved them.</summary>
    private async Task Restore(JobSpec spec, VerifiedCheckpoint checkpoint)
    {
        long step = checkpoint.Manifest.Step;
        await RestoreShards(spec, checkpoint, spec.CheckpointStore!, parametersOnly: false);
        _applied = step;
        _cursors = checkpoint.Progress.Cursors.ToArray();
        _losses.AddRange(checkpoint.Progress.Losses);
        _lastCheckpoint = _checkpointStarted = _resumedFrom = step;
        LogResumed(logger, spec.JobId, step, spec.CheckpointStore!);
    }

    /// <summary>Every shard reads its file of the checkpoint from <paramref name="store"/> itself: its whole state, or (a warm start) only its parameters.</summary>
    private Task RestoreShards(JobSpec spec, VerifiedCheckpoint checkpoint, string store, bool parametersOnly) =>
        Task.WhenAll(Enumerable.Range(0, spec.ParameterShards).Select(s =>
        {
            var file = checkpoint.ShardFile(s);
            return GrainFactory.GetGrain<IParameterServerGrain>(GrainKeys.ParameterShard(spec.JobId, s)).RestoreAsync(
                new ShardCheckpointSource(store, checkpoint.Manifest.Job, checkpoint.Manifest.Step, file.Name, file.Bytes, file.Sha256, parametersOnly));
        }));

    private bool CheckpointDue(JobSpec spec) =>
        spec.CheckpointStore is not null && _applied < spec.Steps
        && (spec.CheckpointEverySteps > 0 && _applied % spec.CheckpointEverySteps == 0
            || spec.CheckpointInterval > TimeSpan.Zero && _sinceCheckpoint.Elapsed >= spec.CheckpointInterval);

    /// <summary>
    /// At a step boundary: every shard copies its state to host memory (the only time training waits),
    /// then uploads it in the background; the manifest follows once every file is stored.
    /// </summary>
    private async Task BeginCheckpoint(JobSpec spec)
    {
        long step = _applied;
        if (_checkpoint is { IsCompleted: false })
        {
            LogCheckpointSkipped(logger, spec.JobId, step, _checkpointStarted);
            return;
        }
        var stall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, spec.ParameterShards).Select(s =>
            GrainFactory.GetGrain<IParameterServerGrain>(GrainKeys.ParameterShard(spec.JobId, s)).BeginCheckpointAsync(step)));
        _stallSeconds += stall.Elapsed.TotalSeconds;
        _stalls++;
        var window = _losses.Skip((int)Math.Min(_losses.Count, _checkpointStarted)).DefaultIfEmpty(double.NaN).Average();
        var metrics = double.IsFinite(window) ? new Dictionary<string, double> { ["train_loss"] = window } : [];
        var progress = new CheckpointProgress(step, _cursors.ToList(), _losses.ToList());
        _checkpointStarted = step;
        _sinceCheckpoint.Restart();
        _checkpoint = Publish(spec, step, progress, metrics);
    }

    private async Task Publish(JobSpec spec, long step, CheckpointProgress progress, IReadOnlyDictionary<string, double> metrics)
    {
        try
        {
            var shardFiles = await Task.WhenAll(Enumerable.Range(0, spec.ParameterShards).Select(async s =>
            {
                var (bytes, sha) = await GrainFactory.GetGrain<IParameterServerGrain>(GrainKeys.ParameterShard(spec.JobId, s)).CheckpointUploadedAsync(step);
                return new CheckpointFile(CheckpointLayout.ShardName(s), bytes, sha);
            }));
            var publisher = new CheckpointPublisher(CheckpointStores.Open(spec.CheckpointStore!), spec,
                (name, attempt, error) => LogStoreRetry(logger, error, spec.JobId, name, attempt));
            if (!await publisher.PublishAsync(step, shardFiles, progress, metrics))
            {
                LogManifestExists(logger, spec.JobId, step);
                return;
            }
            _lastCheckpoint = step;
            _published.Add(new JobHistoryCheckpoint(step, DateTimeOffset.UtcNow));
            await WriteHistory(_state);
            var deleted = await publisher.ApplyRetentionAsync(step);
            LogCheckpointed(logger, spec.JobId, step, deleted.Count);
        }
        catch (Exception e)
        {
            // Training goes on: a lost checkpoint costs only the work since the previous one if the job dies now.
            _checkpointsGivenUp++;
            LogCheckpointGivenUp(logger, e, spec.JobId, step);
        }
    }

    private Task<StepReport> CallWorker(JobSpec spec, int worker, long step, int attempt)
    {
        // The hint places a new activation on the silo the job chose; an existing one stays where it is.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, _placement[worker]);
        try
        {
            return GrainFactory.GetGrain<IWorkerGrain>(GrainKeys.Worker(spec.JobId, worker)).RunStepAsync(spec, new StepOrder(step, _cursors[worker], attempt));
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    private void Pause(string message)
    {
        _state = JobState.Paused;
        _message = message;
        _pauseRequested = false;
        LogPaused(logger, _spec!.JobId, message);
    }

    private Task WaitForResume()
    {
        if (_state != JobState.Paused || _cancelRequested) return Task.CompletedTask;
        _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _resumed.Task;
    }

    private JobStatus Status() => new(
        _spec?.JobId ?? this.GetPrimaryKeyString(), _state, _applied, _spec?.Steps ?? 0, _message, _losses.ToList(), _locations.ToList(),
        _clock.Elapsed.TotalSeconds > 0 ? (_applied - _resumedFrom) / _clock.Elapsed.TotalSeconds : 0, _retries, silo.SiloAddress.ToString(),
        _denseBytes, _sparseBytes, _evaluations.ToList(), _lastCheckpoint, _resumedFrom, _stalls > 0 ? _stallSeconds / _stalls : 0, _checkpointsGivenUp,
        _published.Count > 0 ? _published[^1].CreatedUtc : null);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: completed {Steps} steps in {Seconds:F1} s")]
    private static partial void LogCompleted(ILogger logger, string job, long steps, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {Job}: failed after step {Step}")]
    private static partial void LogFailed(ILogger logger, Exception error, string job, long step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: retrying step {Step} (attempt {Attempt}): {Failures}")]
    private static partial void LogRetry(ILogger logger, string job, long step, int attempt, string failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: paused: {Reason}")]
    private static partial void LogPaused(ILogger logger, string job, string reason);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: could not tell every worker and parameter shard to release its memory; they stay until their silo stops")]
    private static partial void LogReleaseFailed(ILogger logger, Exception error, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: activated without a start; resuming by itself from checkpoint step {Step}")]
    private static partial void LogSelfResume(ILogger logger, string job, long step);
}
