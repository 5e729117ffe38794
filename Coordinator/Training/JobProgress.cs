using System.Diagnostics;
using AdaFtr.Coordinator.Console;
using AdaFtr.Grains;
using AdaFtr.Grains.Jobs;

namespace AdaFtr.Coordinator.Training;

/// <summary>
/// Starts a job and follows it (a long poll: <see cref="ITrainingJobGrain.GetProgressAsync"/>) until it settles: every <c>logEvery</c> steps a line with the loss
/// (<see cref="TrainingLoss"/>: the mean of the last 50 steps) and the step rate, and on a terminal a live bar (steps done of all, loss, steps/s) below them.
/// </summary>
/// <param name="cancelOnStop">Ctrl-C cancels the job (which checkpoints first) and the progress follows it until it settles;
/// otherwise Ctrl-C only stops following (an <see cref="OperationCanceledException"/>) and the job goes on.</param>
/// <param name="whilePaused">What to tell the user when the job pauses, after which it is followed until it resumes and settles;
/// null: a pause settles the progress like the job's end.</param>
public sealed class JobProgress(TextWriter output, int logEvery, bool cancelOnStop = true, string? whilePaused = null)
{
    /// <summary>How long one progress call waits for news (a long poll: it answers as soon as a step is applied).</summary>
    private static readonly TimeSpan ProgressWait = TimeSpan.FromSeconds(3);
    /// <summary>How long the job may go unanswered (its silo died, the gateway with it) before the command gives up on the cluster.</summary>
    private static readonly TimeSpan Unreachable = TimeSpan.FromMinutes(3);
    /// <summary>A progress call answers within its wait: one that takes 2 s longer went to a silo that died, and Orleans would wait 30 s to say so.</summary>
    private static readonly TimeSpan ProgressPatience = ProgressWait + TimeSpan.FromSeconds(2);
    private readonly CliConsole _console = CliConsole.For(output);
    private readonly Stopwatch _clock = new();
    private int _printed;
    /// <summary>Evaluations up to this step were printed (an evaluation taken again after a recovery is not printed twice).</summary>
    private long _evaluationsPrintedThrough;
    private Stopwatch? _unanswered;
    private long? _continuedFrom;
    private bool _pauseSaid;
    private ProgressCursor _cursor = ProgressCursor.Start;
    private readonly List<double> _losses = [];
    private readonly List<EvaluationPoint> _evaluations = [];

    public double FirstWindowLoss { get; private set; } = double.NaN;
    public double LastWindowLoss { get; private set; } = double.NaN;
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The cluster accepted the job: from here on it has a life of its own (and its folder holds what it writes).</summary>
    public bool Started { get; private set; }

    /// <returns>The job's status once it completed, failed, was cancelled or paused.</returns>
    public async Task<JobStatus> RunAsync(IGrainFactory grains, JobSpec spec, CancellationToken cancellationToken)
    {
        var job = grains.GetGrain<ITrainingJobGrain>(spec.JobId);
        try
        {
            await job.StartAsync(spec);
        }
        catch (JobSpecException e)
        {
            throw new UserError($"the job spec was refused:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", e.Errors)}");
        }
        Started = true;
        _clock.Start();
        return await LiveProgress.RunAsync(_console, $"job {spec.JobId}", spec.Steps, bar => Follow(job, bar, cancellationToken));
    }

    private async Task<JobStatus> Follow(ITrainingJobGrain job, ProgressBar bar, CancellationToken cancellationToken)
    {
        while (true)
        {
            JobProgressUpdate update;
            try
            {
                if (_unanswered is not null) await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                update = await job.GetProgressAsync(_cursor, ProgressWait).WaitAsync(ProgressPatience, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && cancelOnStop)
            {
                _console.Line($"  stopping job {job.GetPrimaryKeyString()} after the step in flight; it checkpoints when it has a store");
                await job.CancelAsync();
                cancellationToken = CancellationToken.None;   // follow it until it has settled
                continue;
            }
            catch (Exception e) when (LostContact.Is(e, cancellationToken))
            {
                // A silo died, perhaps with the gateway this client used or the job's grain: the client tries the other
                // gateways and the job continues on the survivors. One line now, one when the job answers again.
                if (_unanswered is null)
                {
                    _unanswered = Stopwatch.StartNew();
                    _console.Line($"  lost contact with job {job.GetPrimaryKeyString()} ({(e is TimeoutException ? $"no answer in {ProgressPatience.TotalSeconds:F0} s" : "its silo's connection failed")}): a silo may have died; waiting for the cluster to recover");
                }
                else if (_unanswered.Elapsed > Unreachable)
                    throw new UserError($"job {job.GetPrimaryKeyString()} has not answered for {Unreachable.TotalMinutes:F0} minutes: the cluster lost it or is down; see `adaftr cluster status` and `adaftr jobs status {job.GetPrimaryKeyString()}`", ExitCodes.Environment);
                continue;
            }
            _cursor = update.Next;
            var now = update.Now;
            // A job whose grain came back on a survivor is Created until it has restored its checkpoint.
            if (now.State == JobState.Created) continue;
            if (_unanswered is not null)
            {
                _console.Line($"  job {now.JobId} continues after {_unanswered.Elapsed.TotalSeconds:F0} s: {now.State}, step {now.StepsApplied}/{now.Steps}" +
                              (now.ResumedFrom > 0 ? $" (back to checkpoint step {now.ResumedFrom}), job silo {now.Silo}" : $", job silo {now.Silo}"));
                _unanswered = null;
            }
            Report(update);
            bar.Update(now.StepsApplied, $"step {now.StepsApplied}/{now.Steps}" +
                                         (double.IsNaN(update.Loss) ? "" : $"  loss {update.Loss:F4}") +
                                         $"  {(now.StepsApplied - _continuedFrom!.Value) / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9):F1} steps/s");
            if (now.State == JobState.Paused && whilePaused is not null)
            {
                if (!_pauseSaid) _console.Line($"  job {now.JobId} paused at step {now.StepsApplied}; {whilePaused}");
                _pauseSaid = true;
                continue;
            }
            if (_pauseSaid && now.State == JobState.Running) _console.Line($"  job {now.JobId} resumed at step {now.StepsApplied}");
            _pauseSaid = false;
            if (now.IsFinished || now.State == JobState.Paused)
            {
                _clock.Stop();
                return now with { Losses = _losses.ToList(), Evaluations = _evaluations.ToList() };
            }
        }
    }

    /// <summary>A metric, or why there is none.</summary>
    public static string Figure(double value) => double.IsNaN(value) ? "n/a (one class only)" : value.ToString("F4");

    private void Report(JobProgressUpdate update)
    {
        update.ApplyTo(_losses, _evaluations);
        if (_continuedFrom is null)
        {
            // A resumed job reports the steps before its checkpoint too: those were printed by the run that trained them.
            _continuedFrom = update.Now.ResumedFrom;
            _printed = (int)Math.Min(update.Now.ResumedFrom, _losses.Count);
            _evaluationsPrintedThrough = update.Now.ResumedFrom;
        }
        if (_losses.Count < _printed) _printed = _losses.Count;   // the job went back to a checkpoint: those steps are trained again
        ReportLosses(update);
        // The final evaluation is printed by the caller, after the loss summary.
        foreach (var e in update.Evaluations.Where(e => e.Step > _evaluationsPrintedThrough && e.Step != update.Now.Steps))
            _console.Line($"  eval at step {e.Step}: {e.Task,-4} AUC {Figure(e.Auc)}  GAUC {Figure(e.Gauc)}  logloss {e.LogLoss:F4}");
        _evaluationsPrintedThrough = Math.Max(_evaluationsPrintedThrough, update.Evaluations.Select(e => e.Step).DefaultIfEmpty(0).Max());
        foreach (var r in update.Recoveries)
            _console.Line($"  {r.Lost} lost with a silo at {r.AtUtc:HH:mm:ss} UTC: back to checkpoint step {r.BackToStep} in {r.Seconds:F1} s; training goes on");
    }

    private void ReportLosses(JobProgressUpdate update)
    {
        bool settled = update.Now.IsFinished || update.Now.State == JobState.Paused && whilePaused is null;
        while (true)
        {
            int boundary = (_printed / logEvery + 1) * logEvery;
            int end = _losses.Count >= boundary ? boundary : settled && _losses.Count > _printed ? _losses.Count : -1;
            if (end < 0) return;
            double mean = TrainingLoss.After(_losses, end);
            if (double.IsNaN(FirstWindowLoss)) FirstWindowLoss = mean;
            LastWindowLoss = mean;
            _console.Line($"  step {end,6}/{update.Now.Steps}  loss {mean:F4}  {(end - _continuedFrom!.Value) / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9),8:F1} steps/s");
            _printed = end;
        }
    }
}
