namespace AdaFtr.Grains.Jobs;

/// <summary>
/// What the job knows of its applied steps, from parameter shard 0's record of them: losses, the workers' data
/// cursors, where they ran, bytes moved, sample ids (test mode) and where the time went. A step recorded twice (a
/// restarted window re-applies it on a shard that lagged) is the same step and counts once.
/// </summary>
/// <param name="applied">Called after new steps were recorded (to wake the job's followers).</param>
public sealed class JobProgress(int workers, bool trackSamples, Action? applied = null)
{
    private const int KeptCursorSteps = 1024;
    private readonly List<double> _losses = [];
    private readonly Dictionary<long, DataCursor[]> _cursorsAfter = [];
    private double _readMs, _computeMs, _exchangeMs, _applyMs, _shardCalls, _transfers;
    private long _timedSteps;
    private long _lastTicks, _intervalTicks, _intervals;

    /// <summary>Steps shard 0 applied; every shard has applied all but at most the last.</summary>
    public long Applied => _losses.Count;

    public IReadOnlyList<double> Losses => _losses;
    public Dictionary<long, long[]> Samples { get; } = [];
    public WorkerLocation[] Locations { get; } = Enumerable.Range(0, workers).Select(k => new WorkerLocation(k, "", "")).ToArray();
    public long DenseBytes { get; private set; }
    public long SparseBytes { get; private set; }

    /// <summary>Where the job (re)starts: a checkpoint's step, cursors and losses; what came after it is forgotten and will be applied again.</summary>
    public void ResetTo(long step, IReadOnlyList<DataCursor?> cursors, IReadOnlyList<double> losses, IReadOnlyDictionary<long, long[]>? samples)
    {
        if (trackSamples)
            foreach (var (at, ids) in samples ?? new Dictionary<long, long[]>()) Samples[at] = ids;
        _losses.Clear();
        _losses.AddRange(losses.Take((int)step));
        _cursorsAfter.Clear();
        if (step > 0) _cursorsAfter[step] = cursors.Select(c => c!).ToArray();
        foreach (var later in Samples.Keys.Where(s => s > step).ToList()) Samples.Remove(later);
    }

    /// <summary>Cursors after <paramref name="step"/>, where a window that starts at step + 1 reads (null: the start).</summary>
    public IReadOnlyList<DataCursor?> CursorsAfter(long step) =>
        step == 0 ? new DataCursor?[workers]
        : _cursorsAfter.TryGetValue(step, out var cursors) ? cursors
        : throw new InvalidOperationException($"no record of the data cursors after step {step}");

    public void Record(AppliedStep step)
    {
        if (step.Step > Applied + 1) throw new InvalidOperationException($"step {step.Step} recorded after step {Applied}: shard 0's record has a gap");
        var reports = step.Reports;
        _cursorsAfter[step.Step] = reports.Select(r => r.CursorAfter).ToArray();
        // Kept for longer than a window (at most 256 steps): a restarted window starts after the last step every shard applied.
        _cursorsAfter.Remove(step.Step - KeptCursorSteps);
        foreach (var r in reports) Locations[r.Worker] = new WorkerLocation(r.Worker, r.Silo, r.Device);
        if (trackSamples) Samples[step.Step] = reports.SelectMany(r => r.SampleIds ?? []).ToArray();
        if (step.Step <= Applied) return;

        _losses.Add(reports.Average(r => r.Loss));
        DenseBytes += reports.Sum(r => r.DenseBytes);
        SparseBytes += reports.Sum(r => r.SparseBytes);
        _readMs += reports.Average(r => r.Phases.ReadMs);
        _computeMs += reports.Average(r => r.Phases.ComputeMs);
        _exchangeMs += reports.Average(r => r.Phases.PreviousExchangeMs);
        _applyMs += step.ApplyMs;
        _shardCalls += reports.Average(r => r.ShardCalls);
        _transfers += reports.Average(r => r.Transfers);
        _timedSteps++;
        if (_lastTicks != 0) { _intervalTicks += step.AppliedTicks - _lastTicks; _intervals++; }
        _lastTicks = step.AppliedTicks;
        applied?.Invoke();
    }

    /// <param name="shards">S, to count round trips per shard.</param>
    public StepTimings? Timings(int shards) => _timedSteps == 0 ? null
        : new StepTimings(_readMs / _timedSteps, _computeMs / _timedSteps, _exchangeMs / _timedSteps, _applyMs / _timedSteps, _shardCalls / _timedSteps / shards,
            _intervals == 0 ? 0 : _intervalTicks * 1e3 / System.Diagnostics.Stopwatch.Frequency / _intervals, _transfers / _timedSteps);
}
