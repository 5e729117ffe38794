using System.Diagnostics;
using AdaFtr.Model.Metrics;
using AdaFtr.Checkpoints;
using AdaFtr.Grains.Compute;
using AdaFtr.Grains.Wire;
using AdaFtr.Model.Networks;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Drives one job: validates the spec, places the parameter shards (shard s on silo s mod N of the silos alive at the
/// start) and the K workers, seeds the shards with the local trainer's initial values, and then stays off the step
/// path: workers and shards step on their own in windows (<see cref="StepWindowRunner"/>), and the job orders
/// evaluations, checkpoints, pauses and restarts at window boundaries. A worker that fails or overruns the barrier
/// timeout is retried (possibly reactivated on another silo) from the steps the shards applied, so the result does
/// not depend on failures; NaN/Inf pauses the job. With a checkpoint store in the spec, a start first looks for the
/// job's newest valid checkpoint and continues from it (<see cref="JobCheckpoints"/>). Without one of its own, a
/// spec's warm-start checkpoint supplies the initial parameters (fresh optimizer, cursor and step count); with zero
/// steps the job only evaluates them. The spec, state and progress are kept in grain storage (<see cref="JobRecord"/>):
/// an activation after the grain's silo died continues a running or paused job from its newest checkpoint, and leaves
/// a completed, failed or cancelled one as it was. Without a record, when the silo has a cluster checkpoint store, an
/// activation that finds an unfinished job's checkpoint there resumes that job by itself.
/// </summary>
public sealed partial class TrainingJobGrain(DeviceSlots slots, ClusterCheckpoints clusterCheckpoints, FaultInjection faultInjection, ILocalSiloDetails silo, ILogger<TrainingJobGrain> logger,
    [PersistentState("job", JobStateStorage.Name)] IPersistentState<JobRecord> record) : Grain, ITrainingJobGrain
{
    /// <summary>Progress is saved at window boundaries at most this often (and at every change of state or checkpoint).</summary>
    private static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(5);

    /// <summary>A window of steps aims at about this long: pauses, cancels and timed checkpoints wait at most that.</summary>
    private static readonly TimeSpan WindowTarget = TimeSpan.FromSeconds(1);
    private const int MaxWindowSteps = 256;

    private JobSpec? _spec;
    private bool _settlePending;
    private int _windowSteps = 1;
    private readonly List<JobRecovery> _recoveries = [];
    private Task? _start;
    private bool _selfResumed;
    /// <summary>The silo of the activation before this one, when this one continues a job that lost its grain there.</summary>
    private string? _revivedFrom;
    private readonly Stopwatch _sinceActivated = Stopwatch.StartNew();
    private JobState _state = JobState.Created;
    private string? _message;
    private long _retries;
    private long _resumedFrom;
    private JobProgress _progress = new(0, false);
    private JobCheckpoints? _checkpoints;
    private StepWindowRunner? _runner;
    private ShardRecovery? _recovery;
    private readonly List<EvaluationPoint> _evaluations = [];
    private IReadOnlyList<ShardLocation> _shards = [];
    private readonly Stopwatch _clock = new();
    private TaskCompletionSource? _resumed;
    private bool _pauseRequested;
    private bool _cancelRequested;
    private JobHistoryWriter? _history;
    private JobHistorySpec? _historySpec;
    private DateTimeOffset _startedUtc;
    private string? _pausedWith;
    private readonly Stopwatch _sinceSaved = new();
    /// <summary>This activation's run: a follower that read another one (the grain was revived elsewhere) is sent every step again.</summary>
    private readonly Guid _run = Guid.NewGuid();
    private readonly ProgressSignal _changed = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(JobActivations.KeepWhileTheJobRuns);
        var job = this.GetPrimaryKeyString();
        if (record.State.Spec is { } saved)
        {
            if (record.State.State is JobState.Completed or JobState.Failed or JobState.Cancelled)
            {
                // Terminal stays terminal: the job is shown as it ended and never trains again.
                (_spec, _state, _message) = (saved, record.State.State, record.State.Message);
                _start = Task.CompletedTask;
                return;
            }
            _selfResumed = true;
            if (record.State.State == JobState.Paused) _pausedWith = record.State.Message;
            _recoveries.AddRange(record.State.Recoveries ?? []);
            _revivedFrom = record.State.Silo;
            LogRevived(logger, job, record.State.State, record.State.StepsApplied, record.State.LastCheckpoint);
            _start = StartCore(WithClusterStore(saved));
            return;
        }
        if (clusterCheckpoints.Store is not { } store) return;
        // No record (it was in a silo's memory): an unfinished job with a checkpoint in the cluster's store continues without being started again.
        var found = await new CheckpointCatalog(CheckpointStores.Open(store)).NewestValidAsync(job, (step, reason) => LogCheckpointRefused(logger, job, step, reason), cancellationToken);
        if (found is null || found.Manifest.Step >= found.Spec.Steps) return;
        _selfResumed = true;
        LogSelfResume(logger, job, found.Manifest.Step);
        _start = StartCore(found.Spec with { CheckpointStore = store });
    }

    async Task<JobStatus> ITrainingJobGrain.StartAsync(JobSpec spec)
    {
        spec = WithClusterStore(spec);
        if (_start is { IsFaulted: true } && _spec is null) _start = null;   // the last spec was refused: a corrected one may start
        if (_start is null) _start = StartCore(spec);
        // Compared as JSON: a retried start deserializes new list instances, which record equality would call different.
        else if (_spec is not null && !JobSpecJson.ToJson(_spec).AsSpan().SequenceEqual(JobSpecJson.ToJson(spec)) && !_selfResumed)
            throw new InvalidOperationException($"job {_spec.JobId} is already {_state}; use a new job id");
        await _start;   // a job that resumed by itself keeps the spec saved with its checkpoint
        return Status();
    }

    /// <summary>
    /// A job without a checkpoint store of its own uses the cluster's, if it has one, so that there is something to
    /// go back to when a silo dies; without a cadence of its own it then checkpoints every <see cref="ClusterCheckpointInterval"/>.
    /// </summary>
    private JobSpec WithClusterStore(JobSpec spec) =>
        spec.CheckpointStore is not null || clusterCheckpoints.Store is not { } store ? spec
        : spec with
        {
            CheckpointStore = store,
            CheckpointInterval = spec.CheckpointEverySteps == 0 && spec.CheckpointInterval == TimeSpan.Zero ? ClusterCheckpointInterval : spec.CheckpointInterval,
        };

    private static readonly TimeSpan ClusterCheckpointInterval = TimeSpan.FromMinutes(5);

    private async Task StartCore(JobSpec spec)
    {
        try { await StartOnce(spec); }
        catch
        {
            // A start that fails leaves nothing behind: the id can be started again, with this spec or a corrected one.
            (_spec, _state) = (null, JobState.Created);
            throw;
        }
    }

    private async Task StartOnce(JobSpec spec)
    {
        var config = await slots.Service.RunAsync(() => JobSpecValidator.Validate(spec, faultInjection));
        var checkpoints = new JobCheckpoints(GrainFactory, spec, logger);
        var resume = spec.CheckpointStore is null ? null : await checkpoints.NewestAsync();
        var warm = resume is null && spec.WarmStartFrom is { } from ? await checkpoints.WarmStartAsync(from) : null;
        _spec = spec;
        _checkpoints = checkpoints;
        _progress = new JobProgress(spec.Workers, spec.TrackSampleIds, _changed.Pulse);

        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var silos = hosts.Keys.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        var shardSilos = Enumerable.Range(0, spec.ParameterShards).Select(s => silos[s % silos.Length]).ToArray();
        var workerSilos = Enumerable.Range(0, spec.Workers).Select(k => silos[k % silos.Length]).ToArray();
        LogPlacement(logger, spec.JobId, silos.Length, string.Join(", ", shardSilos.Select((silo, s) => $"ps{s} on {silo}")), string.Join(", ", workerSilos.Select((silo, k) => $"w{k} on {silo}")));

        _runner = new StepWindowRunner(GrainFactory, spec, _progress, workerSilos);
        _recovery = new ShardRecovery(GrainFactory, spec, config, slots.Service, checkpoints, _progress, _runner, logger);
        await _recovery.SeedAsync(Enumerable.Range(0, spec.ParameterShards).ToList(), shardSilos);
        // A generation above any the shards saw, before anything is restored: workers of an earlier activation of
        // this job (its silo died) may still be pushing, and are refused from here on.
        _shards = await _runner.AbandonAsync(recordApplied: false);
        if (resume is null && _shards.FirstOrDefault(s => s.Version > 0) is { } ahead)
            throw new InvalidOperationException($"job {spec.JobId}: parameter shard ps{ahead.Shard} is at step {ahead.Version} from an earlier run of this job and there is no checkpoint to go back to; start the job under a new id");
        if (resume is not null)
        {
            await checkpoints.RestoreAsync(resume, spec.CheckpointStore!, parametersOnly: false);
            _progress.ResetTo(resume.Manifest.Step, resume.Progress.Cursors, resume.Progress.Losses, resume.Progress.Samples);
            _resumedFrom = resume.Manifest.Step;
        }
        else if (warm is not null) await checkpoints.RestoreAsync(warm, spec.WarmStartFrom!.Store, parametersOnly: true);
        _shards = await Task.WhenAll(JobGrains.Shards(GrainFactory, spec).Select(s => s.GetInfoAsync()));

        await GrainFactory.GetGrain<IJobRegistryGrain>(0).RegisterAsync(spec.JobId);
        if (spec.CheckpointStore is not null)
        {
            _history = new JobHistoryWriter(CheckpointStores.Open(spec.CheckpointStore), logger);
            _historySpec = JobHistorySpec.Of(spec);
            if (_resumedFrom > 0 && await _history.ReadAsync(spec.JobId) is { } earlier)
            {
                // The checkpoint restored the losses; the earlier run's history gives back its evaluations and checkpoints up to there.
                _evaluations.AddRange(earlier.Evaluations.Where(e => e.Step <= _resumedFrom));
                checkpoints.Published.AddRange(earlier.Checkpoints.Where(c => c.Step <= _resumedFrom));
            }
        }
        if (_revivedFrom is not null)
        {
            _recoveries.Add(new JobRecovery(DateTimeOffset.UtcNow, $"the job's grain (silo {_revivedFrom})", _resumedFrom, _sinceActivated.Elapsed.TotalSeconds));
            _revivedFrom = null;
        }
        _startedUtc = DateTimeOffset.UtcNow;
        _state = JobState.Running;
        if (_pausedWith is not null) _pauseRequested = true;
        await SaveRecord();
        _clock.Start();
        _ = RunAsync();   // runs on this grain's scheduler; Status() reports its progress
    }

    /// <summary>After a failed window: where to restart (see <see cref="ShardRecovery"/>); pauses the job when that cannot be settled now.</summary>
    private async Task<long> Settle(long next, string failure)
    {
        var outcome = await _recovery!.SettleAsync(next, failure);
        _settlePending = outcome.Shards is null;
        if (outcome.Shards is { } shards) _shards = shards;
        if (outcome.Recovered is { } recovered)
        {
            _recoveries.Add(recovered);
            _evaluations.RemoveAll(e => e.Step > recovered.BackToStep);   // evaluated again when the job passes them
            _changed.Pulse();
        }
        if (outcome.PauseReason is { } why) Pause(why);
        return outcome.Restart;
    }

    Task<JobStatus> ITrainingJobGrain.GetStatusAsync() => Task.FromResult(Status());

    async Task<JobProgressUpdate> ITrainingJobGrain.GetProgressAsync(ProgressCursor since, TimeSpan wait)
    {
        var limit = wait < JobProgressUpdate.MaxWait ? wait : JobProgressUpdate.MaxWait;
        var waited = Stopwatch.StartNew();
        if (since == ProgressCursor.Latest) since = Cursor();
        while (true)
        {
            var changed = _changed.Next;
            var update = ProgressSince(since);
            if (update.Next != since || waited.Elapsed >= limit) return update;
            await Task.WhenAny(changed, Task.Delay(limit - waited.Elapsed));
        }
    }

    private ProgressCursor Cursor() => new(_progress.Applied, _evaluations.Count, _recoveries.Count, _state, _run);

    /// <summary>What a follower at <paramref name="since"/> lacks; see <see cref="JobProgressUpdate"/>.</summary>
    private JobProgressUpdate ProgressSince(ProgressCursor since)
    {
        var now = Status(curves: false);
        // Starting (restoring a checkpoint), or settled and activated again from its record, which keeps no losses: only the state is news.
        if (_state == JobState.Created || _checkpoints is null)
            return new JobProgressUpdate(now, double.NaN, since.Step, [], since.Evaluations, [], [], since with { State = _state });
        long applied = _progress.Applied;
        // The job went back to a checkpoint since the follower read (a recovery, or this activation revived it): what follows it is sent again.
        long kept = since.Run != _run ? 0
            : _recoveries.Skip(since.Recoveries).Select(r => r.BackToStep).Append(since.Step).Append(applied).Min();
        int keptEvaluations = since.Run != _run ? 0 : Math.Min(since.Evaluations, _evaluations.Count(e => e.Step <= kept));
        return new JobProgressUpdate(now, TrainingLoss.After(_progress.Losses, applied), kept, _progress.Losses.Skip((int)kept).ToList(),
            keptEvaluations, _evaluations.Skip(keptEvaluations).ToList(), _recoveries.Skip(since.Recoveries).ToList(), Cursor());
    }

    private double StepsPerSecond() => _clock.Elapsed.TotalSeconds > 0 ? (_progress.Applied - _resumedFrom) / _clock.Elapsed.TotalSeconds : 0;

    Task<IReadOnlyDictionary<long, long[]>> ITrainingJobGrain.GetAppliedSamplesAsync() =>
        Task.FromResult<IReadOnlyDictionary<long, long[]>>(new Dictionary<long, long[]>(_progress.Samples));

    async Task<IReadOnlyList<TensorPiece>> ITrainingJobGrain.GetParametersAsync()
    {
        var spec = _spec ?? throw new InvalidOperationException("the job has not started");
        var parameters = new List<NamedBuffer>();
        var rows = new List<NamedBuffer>();
        foreach (var shard in JobGrains.Shards(GrainFactory, spec))
        {
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

    async Task ITrainingJobGrain.ResumeAsync()
    {
        _pauseRequested = false;
        if (_state == JobState.Paused)
        {
            _state = JobState.Running;
            _message = null;
            _resumed?.TrySetResult();
            await SaveRecord();
        }
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
        var checkpoints = _checkpoints!;
        var settled = JobState.Completed;
        long next = _progress.Applied + 1;   // the first step not applied by every shard
        var failures = 0;
        try
        {
            while (next <= spec.Steps)
            {
                if (_cancelRequested)
                {
                    settled = JobState.Cancelled;
                    await CheckpointWhereCancelled(spec, next - 1);
                    return;
                }
                if (_pauseRequested) Pause(_pausedWith ?? $"paused by request after step {next - 1}");
                else if (_settlePending) { next = await Settle(next, "resumed"); if (_state != JobState.Paused) continue; }
                else
                {
                    long to = WindowEnd(spec, next);
                    var window = Stopwatch.StartNew();
                    var failure = await _runner!.RunAsync(next, to, spec.BarrierTimeout * (failures + 1));
                    if (failure is null)
                    {
                        int ran = (int)(to - next + 1);
                        _windowSteps = Math.Clamp((int)(ran * WindowTarget.TotalSeconds / Math.Max(window.Elapsed.TotalSeconds, 1e-3)), 1, Math.Min(MaxWindowSteps, 4 * ran));
                        failures = 0;
                        next = to + 1;
                        await AtStepBoundary(spec, to);
                        continue;
                    }
                    if (failure.NonFinite)
                    {
                        // Every other worker waits at the shards for the rejected push: abandon, then pause where all shards are.
                        next = await Settle(next, failure.Message);
                        if (_state != JobState.Paused) Pause(failure.Message);
                    }
                    else
                    {
                        var restart = await Settle(next, failure.Message);
                        if (_state != JobState.Paused)
                        {
                            if (restart > next) failures = 0;
                            next = restart;
                            if (++failures >= spec.MaxStepAttempts)
                                Pause($"step {next} failed {failures} times: {failure.Message}; resume to try again");
                            else
                            {
                                _retries++;
                                LogRetry(logger, spec.JobId, next, failures + 1, failure.Message);
                                await Task.Delay(spec.RetryBackoff * failures);   // gives the cluster time to declare a dead silo dead
                                continue;
                            }
                        }
                    }
                    failures = 0;
                }
                _pausedWith = null;
                await WriteHistory(_state);
                await SaveRecord();
                await WaitForResume();
            }
            if (spec.Steps == 0) await Evaluate(spec, 0);
            if (spec.CheckpointStore is not null && checkpoints.Started != spec.Steps)
            {
                await checkpoints.UploadedAsync();
                await BeginCheckpoint(spec, spec.Steps);
            }
            await checkpoints.UploadedAsync();
            LogCompleted(logger, spec.JobId, spec.Steps, _clock.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            settled = JobState.Failed;
            _message = e.Message;
            LogFailed(logger, e, spec.JobId, _progress.Applied);
        }
        finally
        {
            _clock.Stop();
            // A cancelled or failed job may leave a checkpoint uploading: settled means nothing is written any more.
            await checkpoints.UploadedAsync();
            // Recorded before it is reported: whoever sees the job settled can read its history.
            await WriteHistory(settled);
            _state = settled;
            await SaveRecord();
            await TellRegistrySettled(spec);
            await ReleaseWorkersAndShards(spec);
            // The record keeps what the job was; its grain need not stay in memory any longer than its shards.
            if (spec.KeepFinishedFor > TimeSpan.Zero) DelayDeactivation(spec.KeepFinishedFor);
            else DeactivateOnIdle();
        }
    }

    /// <summary>The last step of the window from <paramref name="from"/>: about a second of steps, ending at the next evaluation or step-count checkpoint.</summary>
    private long WindowEnd(JobSpec spec, long from)
    {
        long to = Math.Min(spec.Steps, from + _windowSteps - 1);
        static long NextMultiple(long after, long every) => (after / every + 1) * every;
        if (spec.EvalShardDirectory is not null && spec.EvalEverySteps > 0) to = Math.Min(to, NextMultiple(from - 1, spec.EvalEverySteps));
        if (spec.CheckpointStore is not null && spec.CheckpointEverySteps > 0) to = Math.Min(to, NextMultiple(from - 1, spec.CheckpointEverySteps));
        return to;
    }

    /// <summary>Every shard has applied <paramref name="step"/> and no step is in flight: evaluate and checkpoint here when due.</summary>
    private async Task AtStepBoundary(JobSpec spec, long step)
    {
        if (_sinceSaved.Elapsed >= SaveEvery) await SaveRecord();
        if (spec.EvalShardDirectory is not null && (step == spec.Steps || spec.EvalEverySteps > 0 && step % spec.EvalEverySteps == 0))
            await Evaluate(spec, step);
        if (_checkpoints!.Due(step)) await BeginCheckpoint(spec, step);
    }

    /// <summary>A cancelled job (e.g. Ctrl-C in `adaftr train`) keeps the steps it applied: it can be resumed from there.</summary>
    private async Task CheckpointWhereCancelled(JobSpec spec, long applied)
    {
        if (spec.CheckpointStore is null || applied == 0 || _checkpoints!.Started == applied) return;
        await _checkpoints.UploadedAsync();
        await BeginCheckpoint(spec, applied);
    }

    private Task BeginCheckpoint(JobSpec spec, long step)
    {
        var metrics = CheckpointMetrics.At(step, TrainingLoss.After(_progress.Losses, step), _evaluations);
        var progress = new CheckpointProgress(step, _progress.CursorsAfter(step).ToList(), _progress.Losses.Take((int)step).ToList(),
            spec.TrackSampleIds ? _progress.Samples.Where(s => s.Key <= step).ToDictionary() : null);
        return _checkpoints!.BeginAsync(step, progress, metrics, async () => { await WriteHistory(_state); await SaveRecord(); });
    }

    /// <summary>Best-effort like the history: a record that cannot be written is logged, and training goes on.</summary>
    private async Task SaveRecord()
    {
        _changed.Pulse();   // every change of state is saved: its followers hear of it here
        _sinceSaved.Restart();
        var saved = new JobRecord
        {
            Spec = _spec, State = _state, Message = _message, StepsApplied = _progress.Applied, LastCheckpoint = _checkpoints?.LastPublished ?? 0,
            Silo = silo.SiloAddress.ToString(), Recoveries = _recoveries.Count > 0 ? _recoveries.ToList() : null,
        };
        record.State = saved;
        try { await record.WriteStateAsync(); }
        catch (InconsistentStateException)
        {
            // A write whose answer was lost (its storage restarted meanwhile) may have landed: take the stored version, then write over it.
            try
            {
                await record.ReadStateAsync();
                record.State = saved;
                await record.WriteStateAsync();
            }
            catch (Exception e) { LogRecordNotSaved(logger, e, _spec?.JobId ?? this.GetPrimaryKeyString()); }
        }
        catch (Exception e) { LogRecordNotSaved(logger, e, _spec?.JobId ?? this.GetPrimaryKeyString()); }
    }

    /// <summary>Best-effort: a registry that did not hear of it lists the job as running on the job page, and `jobs status` still tells.</summary>
    private async Task TellRegistrySettled(JobSpec spec)
    {
        try { await GrainFactory.GetGrain<IJobRegistryGrain>(0).SettledAsync(spec.JobId, DateTimeOffset.UtcNow); }
        catch (Exception e) { LogRegistryNotTold(logger, e, spec.JobId); }
    }

    /// <summary>A settled job's replicas, device slots and parameters leave memory after <see cref="JobSpec.KeepFinishedFor"/>; best-effort.</summary>
    private async Task ReleaseWorkersAndShards(JobSpec spec)
    {
        var releases = JobGrains.Workers(GrainFactory, spec).Select(w => w.ReleaseAfterAsync(spec.KeepFinishedFor))
            .Concat(JobGrains.Shards(GrainFactory, spec).Select(s => s.ReleaseAfterAsync(spec.KeepFinishedFor)));
        try { await Task.WhenAll(releases); }
        catch (Exception e) { LogReleaseFailed(logger, e, spec.JobId); }
    }

    /// <summary>Best-effort: a history that cannot be written is logged by the writer, and training goes on.</summary>
    private Task WriteHistory(JobState state) => _history is null ? Task.CompletedTask
        : _history.WriteAsync(JobHistory.Of(Status(), state, _historySpec, _startedUtc, state == JobState.Running ? null : DateTimeOffset.UtcNow,
            _clock.Elapsed.TotalSeconds, _checkpoints!.Published.ToList()));

    /// <summary>Every worker evaluates its shards of the evaluation set at this version; the parts merge exactly.</summary>
    private async Task Evaluate(JobSpec spec, long step)
    {
        var parts = await Task.WhenAll(JobGrains.Workers(GrainFactory, spec).Select(w => w.EvaluateAsync(spec, step)));
        var merged = parts.Where(p => p.Count > 0).Select(p => p.Select(EvaluationWire.FromWire).ToList())
            .Aggregate((a, b) => a.Zip(b, (x, y) => x.Merge(y)).ToList());
        foreach (var metrics in merged.Select(e => e.Metrics()))
            _evaluations.Add(new EvaluationPoint(step, metrics.Task, metrics.Auc, metrics.Gauc, metrics.LogLoss, metrics.Rows));
        _changed.Pulse();
    }

    private void Pause(string message)
    {
        _state = JobState.Paused;
        _message = message;
        _pauseRequested = false;
        _changed.Pulse();
        LogPaused(logger, _spec!.JobId, message);
    }

    private Task WaitForResume()
    {
        if (_state != JobState.Paused || _cancelRequested) return Task.CompletedTask;
        _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _resumed.Task;
    }

    /// <param name="curves">false: without the losses, evaluations and recoveries (a progress answer sends what is new of them).</param>
    private JobStatus Status(bool curves = true)
    {
        var checkpoints = _checkpoints;
        return new JobStatus(
            _spec?.JobId ?? this.GetPrimaryKeyString(), _state, checkpoints is null ? record.State.StepsApplied : _progress.Applied, _spec?.Steps ?? 0, _message, curves ? _progress.Losses.ToList() : [], _progress.Locations.ToList(),
            StepsPerSecond(), _retries, silo.SiloAddress.ToString(),
            _progress.DenseBytes, _progress.SparseBytes, curves ? _evaluations.ToList() : [], checkpoints?.LastPublished ?? record.State.LastCheckpoint, _resumedFrom, checkpoints?.MeanStallSeconds ?? 0,
            checkpoints?.GivenUp ?? 0, checkpoints?.Published.Count > 0 ? checkpoints.Published[^1].CreatedUtc : null,
            _shards.Count > 0 ? _shards : null, _spec is null ? null : _progress.Timings(_spec.ParameterShards), curves && _recoveries.Count > 0 ? _recoveries.ToList() : null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: completed {Steps} steps in {Seconds:F1} s")]
    private static partial void LogCompleted(ILogger logger, string job, long steps, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {Job}: failed after step {Step}")]
    private static partial void LogFailed(ILogger logger, Exception error, string job, long step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: retrying step {Step} (attempt {Attempt}): {Failures}")]
    private static partial void LogRetry(ILogger logger, string job, long step, int attempt, string failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: paused: {Reason}")]
    private static partial void LogPaused(ILogger logger, string job, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: could not tell every worker and parameter shard to release its memory; they stay until their silo stops")]
    private static partial void LogReleaseFailed(ILogger logger, Exception error, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: checkpoint step {Step} refused: {Reason}")]
    private static partial void LogCheckpointRefused(ILogger logger, string job, long step, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: the job registry could not be told it settled; the job page lists it as running")]
    private static partial void LogRegistryNotTold(ILogger logger, Exception error, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: its record could not be saved; it is kept in memory and saved again at the next change")]
    private static partial void LogRecordNotSaved(ILogger logger, Exception error, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: activated again ({State}, step {Step}, checkpoint {Checkpoint} saved); continuing from its newest checkpoint")]
    private static partial void LogRevived(ILogger logger, string job, JobState state, long step, long checkpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: {Silos} silos; {Shards}; {Workers}")]
    private static partial void LogPlacement(ILogger logger, string job, int silos, string shards, string workers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: activated without a start; resuming by itself from checkpoint step {Step}")]
    private static partial void LogSelfResume(ILogger logger, string job, long step);
}
