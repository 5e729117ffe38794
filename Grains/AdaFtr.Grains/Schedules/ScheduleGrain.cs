using AdaFtr.Checkpoints;
using AdaFtr.Grains.Jobs;
using AdaFtr.Model.Configuration;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdaFtr.Grains.Schedules;

/// <summary>
/// Coordinates one schedule: its reminder ticks (<see cref="IScheduleGrain.RunDueAsync"/>) start the latest due cron
/// occurrence as a run, never a second one while a run is in progress. A run is two jobs started together: the
/// challenger (trained on the window, evaluated on the test days, its own job id and checkpoint folder) and, when there
/// is a champion, an evaluate-only job of the champion's checkpoint on the same test days. The tick does not wait for
/// them: a grain timer (and, should the grain be collected, the next reminder tick) follows the jobs and settles the
/// run when both have finished: promoted if the challenger beats the champion, refused if not, failed if anything
/// went wrong (the champion then stays as it was).
/// </summary>
public sealed partial class ScheduleGrain(
    [PersistentState("schedule", ScheduleOptions.StorageName)] IPersistentState<ScheduleState> state,
    ScheduleClock clock, IOptions<ScheduleOptions> options, ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain, IRemindable
{
    private const string ReminderName = "retrain";
    private IGrainTimer? _follow;

    private ScheduleRun? InFlight => state.State.Runs.LastOrDefault(r => r.Outcome == RunOutcome.Running);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (InFlight is not null) StartFollowing();
        return Task.CompletedTask;
    }

    async Task<ScheduleView> IScheduleGrain.AddAsync(ScheduleSpec spec)
    {
        Validate(spec);
        if (state.State.Spec is { } existing)
        {
            if (existing == spec) return View();
            throw new InvalidOperationException($"schedule {existing.Name} already exists with another spec; change it with `adaftr schedule update --name {existing.Name} ...` or remove it first (`adaftr schedule remove {existing.Name}`)");
        }
        state.State = new ScheduleState { Spec = spec, CreatedUtc = clock.UtcNow };
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ReminderName, options.Value.ReminderPeriod, options.Value.ReminderPeriod);
        await GrainFactory.GetGrain<IScheduleRegistryGrain>(0).AddAsync(spec.Name);
        LogAdded(logger, spec.Name, spec.Cron, spec.TimeZone);
        return View();
    }

    async Task<ScheduleView> IScheduleGrain.UpdateAsync(ScheduleSpec spec)
    {
        Validate(spec);
        if (state.State.Spec is null) throw new InvalidOperationException($"there is no schedule {spec.Name}; add it with `adaftr schedule add`");
        state.State.Spec = spec;
        await state.WriteStateAsync();
        LogUpdated(logger, spec.Name);
        return View();
    }

    async Task IScheduleGrain.RemoveAsync()
    {
        var name = this.GetPrimaryKeyString();
        StopFollowing();
        if (InFlight is not null) await CancelJobs();
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
        await state.ClearStateAsync();
        state.State = new ScheduleState();
        await GrainFactory.GetGrain<IScheduleRegistryGrain>(0).RemoveAsync(name);
        LogRemoved(logger, name);
    }

    Task<ScheduleView?> IScheduleGrain.GetAsync() => Task.FromResult(state.State.Spec is null ? null : View());

    async Task<ScheduleView> IScheduleGrain.RunDueAsync()
    {
        if (state.State.Spec is null) throw new InvalidOperationException($"there is no schedule {this.GetPrimaryKeyString()}; `adaftr schedule list` shows the schedules");
        await Tick();
        return View();
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Spec is not null) await Tick();
        else if (await this.GetReminder(reminderName) is { } orphan) await this.UnregisterReminder(orphan);   // left by a removal that failed half-way
    }

    /// <summary>Follows the run in progress; with none (or once it settles), starts the one due occurrence, if any.</summary>
    private async Task Tick()
    {
        if (InFlight is { } running)
        {
            await Follow(running);
            if (InFlight is not null) return;
        }
        var spec = state.State.Spec!;
        var cron = CronSchedule.Parse(spec.Cron, spec.TimeZone);
        var after = state.State.Runs.Count > 0 ? state.State.Runs[^1].Occurrence : state.State.CreatedUtc;
        if (cron.Due(after, clock.UtcNow) is { } due) await Start(spec, cron, due);
    }

    private async Task Start(ScheduleSpec spec, CronSchedule cron, DateTimeOffset occurrence)
    {
        var window = RunWindow.For(occurrence, cron.Zone, spec.WindowDays, spec.TestDays);
        var runId = RunWindow.RunId(spec.Name, occurrence, cron.Zone);
        var champion = state.State.Champion;
        var run = new ScheduleRun(runId, occurrence, window.TrainDays[0], window.TrainDays[^1], window.TestDays[0], window.TestDays[^1],
            RunOutcome.Running, clock.UtcNow, ChampionRunId: champion?.RunId, Metric: spec.Metric);
        LogRunStarting(logger, spec.Name, runId, occurrence);

        string? unreadable = null;   // why this run cannot start
        try
        {
            var missing = await Task.Run(() => MissingPartitions(spec.Dataset, [.. window.TrainDays, .. window.TestDays]));
            if (missing.Count > 0) unreadable = $"missing partition(s) {string.Join(", ", missing)} in {spec.Dataset} (no {ShardManifest.FileName})";
            // A fresh run's job would resume such checkpoints instead of training: left by an earlier schedule of this name.
            else if ((await new CheckpointCatalog(CheckpointStores.Open(spec.CheckpointStore)).StepFoldersAsync(runId)).Count > 0)
                unreadable = $"{spec.CheckpointStore} already holds checkpoints of job {runId}, from an earlier schedule named {spec.Name}; "
                             + $"delete them (`adaftr checkpoints delete {runId} --all --checkpoint-dir {spec.CheckpointStore} --yes`) or use another --checkpoints store or --name";
        }
        catch (ArgumentException e) { unreadable = e.Message; }
        if (unreadable is not null)
        {
            state.State.Runs.Add(run);
            await Settle(run, RunOutcome.Failed, unreadable);
            return;
        }
        var train = window.TrainDays.Select(d => RunWindow.Partition(spec.Dataset, d)).ToList();
        var test = window.TestDays.Select(d => RunWindow.Partition(spec.Dataset, d)).ToList();
        var challenger = new JobSpec
        {
            JobId = runId,
            ModelConfigJson = spec.ModelConfigJson,
            ShardDirectory = train[0],
            ExtraShardDirectories = train[1..],
            Workers = spec.Workers,
            ParameterShards = spec.ParameterShards,
            Steps = spec.Steps,
            BatchPerWorker = spec.BatchPerWorker,
            CheckpointStore = spec.CheckpointStore,
            EvalShardDirectory = test[0],
            ExtraEvalShardDirectories = test[1..],
            EvalBatchRows = spec.EvalBatchRows,
            WarmStartFrom = spec.WarmStart ? champion?.Checkpoint : null,
        };
        // The champion scored on this run's test days: the only fair comparison. Zero steps: it only evaluates.
        var championEval = champion is null ? null : challenger with
        {
            JobId = $"{runId}-champion",
            ModelConfigJson = champion.ModelConfigJson,
            ParameterShards = champion.ParameterShards,
            Steps = 0,
            CheckpointStore = null,
            WarmStartFrom = champion.Checkpoint,
        };
        run = run with { ChampionEvalJob = championEval?.JobId };
        // Recorded before the jobs start, so that this occurrence is never started twice, whatever happens next.
        state.State.Runs.Add(run);
        state.State.ChallengerJob = challenger;
        state.State.ChampionEvalJob = championEval;
        await state.WriteStateAsync();
        try
        {
            await Task.WhenAll(new[] { challenger, championEval }.OfType<JobSpec>().Select(job => GrainFactory.GetGrain<ITrainingJobGrain>(job.JobId).StartAsync(job)));
        }
        catch (Exception e)   // whatever stops a job from starting fails this run, never the schedule
        {
            await CancelJobs();
            await Settle(run, RunOutcome.Failed, $"a job of the run did not start: {e.Message}");
            return;
        }
        StartFollowing();
    }

    /// <summary>Settles the run once both of its jobs have finished (or paused, which a schedule cannot wait out).</summary>
    private async Task Follow(ScheduleRun run)
    {
        var challengerSpec = state.State.ChallengerJob!;
        var evalSpec = state.State.ChampionEvalJob;
        JobStatus challenger;
        JobStatus? championEval;
        try
        {
            challenger = await StatusOf(challengerSpec);
            championEval = evalSpec is null ? null : await StatusOf(evalSpec);
        }
        catch (Exception e)   // a job lost and refused on restart fails the run
        {
            await CancelJobs();
            await Settle(run, RunOutcome.Failed, $"a job of the run could not be restarted: {e.Message}");
            return;
        }
        static bool Settled(JobStatus s) => s.IsFinished || s.State == JobState.Paused;
        if (!Settled(challenger) || championEval is not null && !Settled(championEval)) return;
        await CancelJobs();   // a paused job would hold its workers forever

        // The metric the run started with: an update while it trains applies from the next run.
        var metric = SelectionMetric.Parse(run.Metric, ModelConfigJson.Parse(challengerSpec.ModelConfigJson).Schema.Tasks);
        var champion = state.State.Champion;
        if (challenger.State != JobState.Completed)
        {
            await Settle(run, RunOutcome.Failed, $"challenger job {challenger.JobId} {challenger.State.ToString().ToLowerInvariant()} after step {challenger.StepsApplied}/{challenger.Steps}: {challenger.Message}");
            return;
        }
        if (metric.Of(challenger.Evaluations, challenger.Steps) is not { } score || !double.IsFinite(score))
        {
            await Settle(run, RunOutcome.Failed, $"challenger job {challenger.JobId} has no finite {run.Metric} on the test days");
            return;
        }
        run = run with { Challenger = score };
        if (challenger.LastCheckpoint != challenger.Steps)
        {
            await Settle(run, RunOutcome.Failed, $"challenger job {challenger.JobId} has no checkpoint of its last step {challenger.Steps} (see the silo log)");
            return;
        }
        if (champion is null)
        {
            await Promote(run, challengerSpec, challenger, score, $"promoted: the first champion, {run.Metric} {score:F4}");
            return;
        }
        if (championEval is not { State: JobState.Completed } || metric.Of(championEval.Evaluations, 0) is not { } incumbent)
        {
            await Settle(run, RunOutcome.Failed, $"the champion {champion.RunId} could not be scored on the test days: job {evalSpec!.JobId} {championEval?.State.ToString().ToLowerInvariant()}: {championEval?.Message}");
            return;
        }
        run = run with { Champion = incumbent };
        if (metric.Beats(score, incumbent))
            await Promote(run, challengerSpec, challenger, score, $"promoted: {run.Metric} {score:F4} beats champion {champion.RunId}'s {incumbent:F4}");
        else
            await Settle(run, RunOutcome.Refused, $"refused: {run.Metric} {score:F4} does not beat champion {champion.RunId}'s {incumbent:F4}");
    }

    private async Task<JobStatus> StatusOf(JobSpec spec)
    {
        var job = GrainFactory.GetGrain<ITrainingJobGrain>(spec.JobId);
        var status = await job.GetStatusAsync();
        // A job that knows nothing was lost with its silo: start it again (it resumes from its own checkpoints, if any).
        return status.State == JobState.Created ? await job.StartAsync(spec) : status;
    }

    private async Task CancelJobs()
    {
        foreach (var job in new[] { state.State.ChallengerJob, state.State.ChampionEvalJob }.OfType<JobSpec>())
        {
            var grain = GrainFactory.GetGrain<ITrainingJobGrain>(job.JobId);
            if (!(await grain.GetStatusAsync()).IsFinished) await grain.CancelAsync();
        }
    }

    private async Task Promote(ScheduleRun run, JobSpec challengerSpec, JobStatus challenger, double score, string message)
    {
        state.State.Champion = new ScheduleChampion(run.RunId, new CheckpointReference(challengerSpec.CheckpointStore!, challenger.JobId, challenger.LastCheckpoint),
            score, clock.UtcNow, challengerSpec.ModelConfigJson, challengerSpec.ParameterShards);
        await MarkChampion(state.State.Champion);
        await Settle(run, RunOutcome.Promoted, message);
    }

    /// <summary>Tells the store which checkpoint is the champion, so that deleting it from the CLI asks for --force.</summary>
    private async Task MarkChampion(ScheduleChampion champion)
    {
        var marker = new ChampionMarker(this.GetPrimaryKeyString(), champion.RunId, champion.Checkpoint.Job, champion.Checkpoint.Step, champion.PromotedUtc);
        // The promotion stands without the marker: it only guards against a manual delete.
        try { await marker.WriteAsync(CheckpointStores.Open(champion.Checkpoint.Store)); }
        catch (Exception e) { LogChampionNotMarked(logger, e, marker.Schedule, marker.Job, marker.Step); }
    }

    private async Task Settle(ScheduleRun run, RunOutcome outcome, string message)
    {
        if (outcome == RunOutcome.Failed && state.State.Champion is { } champion) message += $"; champion {champion.RunId} stays";
        state.State.Runs[^1] = run with { Outcome = outcome, Message = message, FinishedUtc = clock.UtcNow };
        state.State.ChallengerJob = null;
        state.State.ChampionEvalJob = null;
        await state.WriteStateAsync();
        StopFollowing();
        LogRunSettled(logger, state.State.Spec!.Name, run.RunId, outcome, message);
    }

    /// <summary>The <c>day=YYYY-MM-DD</c> folders among <paramref name="days"/> that hold no shard set.</summary>
    private static List<string> MissingPartitions(string dataset, IEnumerable<DateOnly> days) =>
        days.Where(d => !ShardSet.Exists(ShardStores.Open(RunWindow.Partition(dataset, d))))
            .Select(Shards.Synthetic.DayPartition.FolderOf).ToList();

    private void StartFollowing() =>
        _follow ??= this.RegisterGrainTimer(_ => Tick(), new GrainTimerCreationOptions(options.Value.PollInterval, options.Value.PollInterval) { Interleave = false });

    private void StopFollowing()
    {
        _follow?.Dispose();
        _follow = null;
    }

    private void Validate(ScheduleSpec spec)
    {
        if (spec.Name != this.GetPrimaryKeyString())
            throw new ScheduleSpecException([$"{nameof(spec.Name)}: '{spec.Name}' is not this schedule's name '{this.GetPrimaryKeyString()}'"]);
        ScheduleSpecValidator.Validate(spec);
    }

    private ScheduleView View()
    {
        var spec = state.State.Spec!;
        var last = state.State.Runs.Count > 0 ? state.State.Runs[^1].Occurrence : state.State.CreatedUtc;
        var now = clock.UtcNow;
        return new ScheduleView(spec, state.State.CreatedUtc, state.State.Champion, state.State.Runs.ToList(),
            CronSchedule.Parse(spec.Cron, spec.TimeZone).Next(last > now ? last : now));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "schedule {Name}: added, cron '{Cron}' in {Zone}")]
    private static partial void LogAdded(ILogger logger, string name, string cron, string zone);

    [LoggerMessage(Level = LogLevel.Information, Message = "schedule {Name}: spec updated; the next run uses it")]
    private static partial void LogUpdated(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "schedule {Name}: removed")]
    private static partial void LogRemoved(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "schedule {Name}: run {Run} for occurrence {Occurrence} starting")]
    private static partial void LogRunStarting(ILogger logger, string name, string run, DateTimeOffset occurrence);

    [LoggerMessage(Level = LogLevel.Information, Message = "schedule {Name}: run {Run} {Outcome}: {Message}")]
    private static partial void LogRunSettled(ILogger logger, string name, string run, RunOutcome outcome, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "schedule {Name}: could not mark job {Job} step {Step} as its champion in the checkpoint store; `adaftr checkpoints delete` will not know to protect it")]
    private static partial void LogChampionNotMarked(ILogger logger, Exception error, string name, string job, long step);
}
