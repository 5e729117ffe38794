using System.Diagnostics;
using System.Text.Json;
using AdaFtr.Model.Metrics;
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
/// </summary>
public sealed partial class TrainingJobGrain(DeviceSlots slots, ILocalSiloDetails silo, ILogger<TrainingJobGrain> logger) : Grain, ITrainingJobGrain
{
    private JobSpec? _spec;
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

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.FromDays(365));
        return Task.CompletedTask;
    }

    async Task<JobStatus> ITrainingJobGrain.StartAsync(JobSpec spec)
    {
        if (_spec is not null)
            return _spec == spec ? Status() : throw new InvalidOperationException($"job {_spec.JobId} is already {_state}; use a new job id");
        var config = await slots.Service.RunAsync(() => JobSpecValidator.Validate(spec));
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

        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var silos = hosts.Keys.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        _placement = Enumerable.Range(0, spec.Workers).Select(k => silos[k % silos.Length]).ToArray();
        _locations = Enumerable.Range(0, spec.Workers).Select(k => new WorkerLocation(k, _placement[k].ToString(), "")).ToArray();

        await GrainFactory.GetGrain<IJobRegistryGrain>(0).RegisterAsync(spec.JobId);
        _state = JobState.Running;
        _clock.Start();
        _ = RunAsync();   // runs on this grain's scheduler; Status() reports its progress
        return Status();
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
        try
        {
            while (_applied < spec.Steps)
            {
                if (_cancelRequested) { _state = JobState.Cancelled; return; }
                if (_pauseRequested) Pause($"paused by request after step {_applied}");
                else if (await TryStep(spec, _applied + 1)) continue;
                await WaitForResume();
            }
            _state = JobState.Completed;
            LogCompleted(logger, spec.JobId, _applied, _clock.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            _state = JobState.Failed;
            _message = e.Message;
            LogFailed(logger, e, spec.JobId, _applied);
        }
        finally
        {
            _clock.Stop();
        }
    }

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
        _clock.Elapsed.TotalSeconds > 0 ? _applied / _clock.Elapsed.TotalSeconds : 0, _retries, silo.SiloAddress.ToString(), _denseBytes, _sparseBytes, _evaluations.ToList());

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: completed {Steps} steps in {Seconds:F1} s")]
    private static partial void LogCompleted(ILogger logger, string job, long steps, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {Job}: failed after step {Step}")]
    private static partial void LogFailed(ILogger logger, Exception error, string job, long step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: retrying step {Step} (attempt {Attempt}): {Failures}")]
    private static partial void LogRetry(ILogger logger, string job, long step, int attempt, string failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: paused: {Reason}")]
    private static partial void LogPaused(ILogger logger, string job, string reason);
}
