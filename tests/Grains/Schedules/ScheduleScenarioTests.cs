using AdaFtr.Checkpoints;
using AdaFtr.Grains.Schedules;
using AdaFtr.Model.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace AdaFtr.Grains.Tests.Schedules;

/// <summary>
/// A nightly schedule driven by a hand-moved clock over ecomm-ads-like days (11-05 never arrives): a first run
/// promoted, an untrained challenger refused, a run failed on the missing day, and three missed nights caught up
/// by one run. Each tick is the call a reminder makes.
/// </summary>
[Collection(ScheduleCollection.Name)]
[Trait("Category", "Schedule")]
public sealed class ScheduleScenarioTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Utc(3, 12));
    private readonly DailyPartitions _data = new(new[] { 1, 2, 3, 4, 6, 7, 8 }.Select(d => new DateOnly(2026, 11, d)));
    private readonly string _checkpoints = Directory.CreateTempSubdirectory("adaftr-schedule-ckpt-").FullName;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(new ScheduleClock(_clock));
            silo.AddAdaFtrTraining(["cpu"]).AddAdaFtrSchedulesInMemory(o => o.PollInterval = TimeSpan.FromMilliseconds(200));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _data.Dispose();
        Directory.Delete(_checkpoints, recursive: true);
    }

    private ScheduleSpec Spec(double learningRate = 0.01, long steps = 300, bool warmStart = false) => new()
    {
        Name = "nightly",
        Cron = "0 2 * * *",
        Dataset = _data.Root,
        WindowDays = 2,
        TestDays = 1,
        WarmStart = warmStart,
        Metric = "cvr_auc",
        ModelConfigJson = ModelConfigJson.Serialize(_data.Config(learningRate)),
        Steps = steps,
        BatchPerWorker = 64,
        CheckpointStore = _checkpoints,
        EvalBatchRows = 1000,
    };

    [Fact]
    public async Task Three_nights_promote_refuse_and_fail_and_a_long_outage_catches_up_once()
    {
        var schedule = _cluster.Client.GetGrain<IScheduleGrain>("nightly");
        var added = await schedule.AddAsync(Spec());
        added.NextOccurrence.Should().Be(Utc(4, 2));
        (await schedule.RunDueAsync()).Runs.Should().BeEmpty("02:00 on 11-04 has not come yet");
        (await _cluster.Client.GetGrain<IScheduleRegistryGrain>(0).ListAsync()).Should().Equal("nightly");

        // Night 1: no champion yet, so the challenger (train 11-01..02, test 11-03, the newest complete day) is promoted.
        _clock.Set(Utc(4, 2));
        var first = await Settled(schedule, "nightly-20261104T0200");
        first.Outcome.Should().Be(RunOutcome.Promoted, first.Message);
        (first.FirstTrainDay, first.LastTrainDay, first.FirstTestDay).Should().Be((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 3)));
        first.Champion.Should().BeNull();
        first.Metric.Should().Be("cvr_auc");
        var firstJob = await Job(first.RunId);
        first.Challenger.Should().Be(CvrAuc(firstJob, 300)).And.BeGreaterThan(0.5, "300 steps learn something about conversions");
        var champion = (await schedule.GetAsync())!.Champion!;
        champion.RunId.Should().Be(first.RunId);
        champion.Checkpoint.Should().Be(new CheckpointReference(_checkpoints, first.RunId, 300));
        // The store says so too, for `adaftr checkpoints delete`, which sees only the store.
        (await ChampionMarker.ReadAllAsync(new DirectoryCheckpointStore(_checkpoints))).Should().ContainSingle()
            .Which.Should().Match<ChampionMarker>(m => m.Schedule == "nightly" && m.Job == first.RunId && m.Step == 300);
        File.Exists(Path.Combine(_checkpoints, first.RunId, "0000000300", "manifest.json")).Should().BeTrue();

        // Night 2: one step at a tiny learning rate is all but the initialisation: the champion, scored on the same day, stays.
        await schedule.UpdateAsync(Spec(learningRate: 1e-5, steps: 1));
        _clock.Set(Utc(5, 2));
        var second = await Settled(schedule, "nightly-20261105T0200");
        second.Outcome.Should().Be(RunOutcome.Refused, second.Message);
        second.ChampionRunId.Should().Be(first.RunId);
        second.Challenger.Should().Be(CvrAuc(await Job(second.RunId), 1));
        var championScored = await Job(second.ChampionEvalJob!);
        championScored.Steps.Should().Be(0);
        second.Champion.Should().Be(CvrAuc(championScored, 0));
        second.Challenger.Should().BeLessThanOrEqualTo(second.Champion!.Value);
        championScored.Evaluations.Single(e => e.Task == "cvr").Rows.Should().Be(DailyPartitions.RowsPerDay, "the champion is scored on the whole test day 11-04");
        // The champion's evaluation ran on the champion itself: its warm-started parameters are job 1's final ones.
        JobRuns.MaxDifference(await JobRuns.Parameters(_cluster.Client, second.ChampionEvalJob!), await JobRuns.Parameters(_cluster.Client, first.RunId)).Should().Be(0);
        (await schedule.GetAsync())!.Champion.Should().Be(champion);

        // Night 3: the test day 11-05 never arrived: the run fails naming it, and the champion stays.
        await schedule.UpdateAsync(Spec(warmStart: true));
        _clock.Set(Utc(6, 2));
        var third = await Settled(schedule, "nightly-20261106T0200");
        third.Outcome.Should().Be(RunOutcome.Failed);
        third.Message.Should().Contain("day=2026-11-05").And.Contain($"champion {first.RunId} stays");
        third.Challenger.Should().BeNull();
        (await _cluster.Client.GetGrain<ITrainingJobGrain>(third.RunId).GetStatusAsync()).State.Should().Be(JobState.Created, "no job starts without its data");
        (await schedule.GetAsync())!.Champion.Should().Be(champion);

        // Down over three nights (11-07, 11-08, 11-09): one run, for the latest (train 11-06..07, test 11-08), warm-started.
        _clock.Set(Utc(9, 7, 30));
        var caughtUp = await Settled(schedule, "nightly-20261109T0200");
        caughtUp.Occurrence.Should().Be(Utc(9, 2));
        (caughtUp.FirstTrainDay, caughtUp.FirstTestDay).Should().Be((new DateOnly(2026, 11, 6), new DateOnly(2026, 11, 8)));
        var after = await schedule.RunDueAsync();
        after.Runs.Select(r => r.RunId).Should().Equal(first.RunId, second.RunId, third.RunId, caughtUp.RunId);
        caughtUp.Challenger.Should().Be(CvrAuc(await Job(caughtUp.RunId), 300));
        caughtUp.Champion.Should().Be(CvrAuc(await Job(caughtUp.ChampionEvalJob!), 0));
        bool better = caughtUp.Challenger > caughtUp.Champion;
        caughtUp.Outcome.Should().Be(better ? RunOutcome.Promoted : RunOutcome.Refused, caughtUp.Message);
        after.Champion!.RunId.Should().Be(better ? caughtUp.RunId : first.RunId);
        after.NextOccurrence.Should().Be(Utc(10, 2));

        // What schedule storage holds (Redis's too): every field of this history comes back, lists made any way included.
        var saved = new ScheduleState { Spec = after.Spec, CreatedUtc = after.CreatedUtc, Champion = after.Champion, Runs = after.Runs.ToList(),
            ChallengerJob = new JobSpec { JobId = "j", ModelConfigJson = "{}", ShardDirectory = "d", ExtraShardDirectories = ["e"], WarmStartFrom = champion.Checkpoint } };
        var serializer = ScheduleStateSerializer.For(((InProcessSiloHandle)_cluster.Silos[0]).ServiceProvider);
        var back = serializer.Deserialize<ScheduleState>(serializer.Serialize(saved))!;
        (back.Spec, back.CreatedUtc, back.Champion).Should().Be((saved.Spec, saved.CreatedUtc, saved.Champion));
        back.Runs.Should().Equal(saved.Runs);
        back.ChallengerJob.Should().BeEquivalentTo(saved.ChallengerJob);
    }

    [Fact]
    public async Task A_second_schedule_of_the_same_name_is_refused_until_removed()
    {
        var schedule = _cluster.Client.GetGrain<IScheduleGrain>("nightly");
        await schedule.AddAsync(Spec());
        (await schedule.AddAsync(Spec())).Runs.Should().BeEmpty("adding the same spec again changes nothing");
        var clash = () => schedule.AddAsync(Spec(steps: 7));
        (await clash.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*already exists*schedule update*schedule remove nightly*");

        await schedule.RemoveAsync();
        (await schedule.GetAsync()).Should().BeNull();
        (await _cluster.Client.GetGrain<IScheduleRegistryGrain>(0).ListAsync()).Should().BeEmpty();
        (await schedule.AddAsync(Spec(steps: 7))).Spec.Steps.Should().Be(7);
    }

    [Fact]
    public async Task A_schedule_added_again_under_its_old_name_does_not_resume_the_old_runs()
    {
        var schedule = _cluster.Client.GetGrain<IScheduleGrain>("nightly");
        await schedule.AddAsync(Spec(steps: 5));
        _clock.Set(Utc(4, 2));
        (await Settled(schedule, "nightly-20261104T0200")).Outcome.Should().Be(RunOutcome.Promoted);
        await schedule.RemoveAsync();

        _clock.Set(Utc(3, 12));
        await schedule.AddAsync(Spec(steps: 5));
        _clock.Set(Utc(4, 2));
        var again = await Settled(schedule, "nightly-20261104T0200");
        again.Outcome.Should().Be(RunOutcome.Failed);
        again.Message.Should().Contain("already holds checkpoints of job nightly-20261104T0200").And.Contain("adaftr checkpoints delete nightly-20261104T0200 --all");
        (await schedule.GetAsync())!.Champion.Should().BeNull("the new schedule has had no successful run");
    }

    [Fact]
    public async Task A_bad_spec_is_refused_naming_each_field()
    {
        var schedule = _cluster.Client.GetGrain<IScheduleGrain>("nightly");
        var bad = () => schedule.AddAsync(Spec() with { Cron = "0 25 * * *", Metric = "cvr_accuracy", WindowDays = 0 });
        var error = (await bad.Should().ThrowAsync<ScheduleSpecException>()).Which;
        error.Errors.Should().HaveCount(3);
        error.Errors.Should().Contain(e => e.StartsWith("Cron:") && e.Contains("hour field '25'"))
            .And.Contain(e => e.StartsWith("Metric:") && e.Contains("cvr_auc"))
            .And.Contain(e => e.StartsWith("WindowDays:"));
        (await schedule.GetAsync()).Should().BeNull();
    }

    private Task<JobStatus> Job(string id) => _cluster.Client.GetGrain<ITrainingJobGrain>(id).GetStatusAsync();

    private static double? CvrAuc(JobStatus job, long step)
    {
        job.State.Should().Be(JobState.Completed, job.Message);
        return job.Evaluations.Single(e => e.Step == step && e.Task == "cvr").Auc;
    }

    /// <summary>Ticks once (as the reminder would), then waits until run <paramref name="runId"/> has settled.</summary>
    private async Task<ScheduleRun> Settled(IScheduleGrain schedule, string runId)
    {
        var view = await schedule.RunDueAsync();
        view.Runs.Should().ContainSingle(r => r.RunId == runId, "the tick starts exactly the due occurrence");
        var run = await Eventually.Until(async () => (await schedule.GetAsync())!.Runs.Single(r => r.RunId == runId), r => r.Outcome != RunOutcome.Running,
            TimeSpan.FromSeconds(90), $"schedule run {runId} to end");
        output.WriteLine($"{run.RunId}: {run.Outcome}: {run.Message}");
        return run;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScheduleCollection
{
    public const string Name = "schedules";
}
