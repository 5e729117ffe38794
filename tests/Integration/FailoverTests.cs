using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdaFtr.Coordinator.Cluster;
using AdaFtr.Coordinator.Training;
using AdaFtr.Grains;
using AdaFtr.Model.Configuration;

namespace AdaFtr.Integration.Tests;

/// <summary>
/// Silo processes clustered through Redis, started by `adaftr cluster up` as a user would. A job loses a silo (or
/// two, or Redis) to kill -9 in the middle and must finish with exactly the parameters of an uninterrupted run,
/// every sample used once; a job that ended stays as it ended when its silo dies. Each test kills part of its
/// cluster, so each starts its own. A scenario given a backend name runs on that <see cref="ClusterBackend"/> (Redis, Azure tables).
/// </summary>
[Trait("Category", "Failover")]
[Collection(ProcessCollection.Name)]
public sealed class FailoverTests : IAsyncLifetime
{
    private const int Workers = 3, Batch = 16, Steps = 60;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-failover-").FullName;
    private string StateDir => Path.Combine(_folder, "cluster");
    private readonly SyntheticRows _rows = new(3 * 1024);
    private readonly Lazy<string> _shards;

    private readonly Lazy<string> _fourShards;
    private ClusterBackend? _backend;

    public FailoverTests()
    {
        _shards = new(() => _rows.WriteShards(Path.Combine(_folder, "shards"), Workers));
        _fourShards = new(() => _rows.WriteShards(Path.Combine(_folder, "shards-4"), 4));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_job_survives_kill_9_of_a_worker_silo_with_the_uninterrupted_result()
    {
        await using var cluster = await Up(3);
        // One parameter shard, on one silo, so that one of the three holds only a worker.
        JobSpec Spec(string id) => JobOnTheCluster(id, parameterShards: 1) with { TrackSampleIds = true };

        var baseline = await RunToEnd(cluster.Grains, Spec("uninterrupted"), chaos: null);
        var interrupted = await RunToEnd(cluster.Grains, Spec("interrupted"), KillOnceAt(15, KillAWorkerSilo));
        var victim = interrupted.Victims.Should().ContainSingle().Subject;

        interrupted.Status.State.Should().Be(JobState.Completed, interrupted.Status.Message);
        interrupted.Status.StepRetries.Should().BeGreaterThan(0, "a worker's silo died under it");
        interrupted.Status.Workers.Should().NotContain(w => w.Silo == victim);
        Worst(baseline.Parameters, interrupted.Parameters).Should().BeLessThanOrEqualTo(1e-5);

        var samples = await cluster.Grains.GetGrain<ITrainingJobGrain>("interrupted").GetAppliedSamplesAsync();
        samples.Keys.Should().BeEquivalentTo(Enumerable.Range(1, Steps).Select(s => (long)s));
        samples.Values.SelectMany(s => s).Should().HaveCount(Workers * Batch * Steps).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_job_survives_kill_9_of_a_silo_holding_a_parameter_shard_by_going_back_to_its_checkpoint()
    {
        await using var cluster = await Up(3);
        // One parameter shard on each silo, a checkpoint every 10 steps to go back to.
        JobSpec Spec(string id) => JobOnTheCluster(id, parameterShards: 3) with { TrackSampleIds = true, CheckpointStore = Path.Combine(_folder, "checkpoints"), CheckpointEverySteps = 10 };

        var baseline = await RunToEnd(cluster.Grains, Spec("shard-uninterrupted"), chaos: null);
        var interrupted = await RunToEnd(cluster.Grains, Spec("shard-interrupted") with { Faults = [HoldAtStep40] }, KillOnceAt(25, KillAShardSilo));
        var victim = interrupted.Victims.Should().ContainSingle().Subject;

        interrupted.Status.State.Should().Be(JobState.Completed, interrupted.Status.Message);
        var recovery = interrupted.Status.Recoveries.Should().ContainSingle().Subject;
        recovery.Lost.Should().StartWith("parameter shard ps");
        recovery.BackToStep.Should().BeInRange(10, 59, "the newest checkpoint before the kill, taken every 10 steps");
        interrupted.Status.Shards!.Should().NotContain(s => s.Silo == victim);
        Worst(baseline.Parameters, interrupted.Parameters).Should().BeLessThanOrEqualTo(1e-5);

        // Steps after the checkpoint were applied again, each once in the end: every sample counts once.
        var samples = await cluster.Grains.GetGrain<ITrainingJobGrain>("shard-interrupted").GetAppliedSamplesAsync();
        samples.Keys.Should().BeEquivalentTo(Enumerable.Range(1, Steps).Select(s => (long)s));
        samples.Values.SelectMany(s => s).Should().HaveCount(Workers * Batch * Steps).And.OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData(RedisClusterBackend.Name)]
    [InlineData(AzureTableClusterBackend.Name)]
    public async Task Adaftr_train_survives_kill_9_of_the_job_s_silo_and_ends_as_an_uninterrupted_run(string backend)
    {
        await using var cluster = await Up(3, backend);
        var checkpoints = Path.Combine(_folder, "checkpoints");
        Task<AdaftrProcess.Result> Train(string job) => AdaftrProcess.Run(Limit, _backend!.AdaftrEnvironment, "train", "--cluster", _backend.ClientAddress(ClusterState.Load(StateDir)!), "--workers", "3", "--ps-shards", "3",
            "--batch-size", "48", "--steps", "150", "--checkpoint-every", "20", "--log-every", "50", "--checkpoint-dir", checkpoints, "--job", job);

        var baseline = await Train("cli-uninterrupted");
        baseline.ExitCode.Should().Be(0, baseline.ToString());
        var expected = await Parameters(cluster.Grains, "cli-uninterrupted");   // read now: the kill below takes a third of its shards

        var interrupted = Train("cli-interrupted");
        var job = cluster.Grains.GetGrain<ITrainingJobGrain>("cli-interrupted");
        string? victim = null;
        while (victim is null && !interrupted.IsCompleted)
        {
            // Killed once a checkpoint is surely published (every 20 steps) and well before the end.
            if (await StatusOrNull(job) is { State: JobState.Running, StepsApplied: >= 45 } running) victim = Kill(running.Silo, running);
            await Task.Delay(100);
        }
        var train = await interrupted;
        victim.Should().NotBeNull("the job ran long enough to lose its silo");
        train.ExitCode.Should().Be(0, train.ToString());
        train.Output.Should().Contain($"the job's grain (silo {victim}) lost with a silo").And.Contain("back to checkpoint step")
            .And.MatchRegex(@"loss \d\.\d+ -> \d\.\d+", "the summary line after the recovery");
        train.Output.Should().NotContain("looks like a bug").And.NotContain("Exception");

        var status = await StatusThroughFailover(job);
        status.State.Should().Be(JobState.Completed, status.Message);
        status.Silo.Should().NotBe(victim, "the job grain came back on a survivor");
        status.ResumedFrom.Should().BeInRange(20, 149, "it went back to a checkpoint taken every 20 steps");
        status.Losses.Should().HaveCount(150, "the checkpoint carries the losses before it");
        var recovery = status.Recoveries.Should().ContainSingle().Subject;
        recovery.BackToStep.Should().Be(status.ResumedFrom);

        // The history a report reads after the cluster is gone says so too.
        var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(checkpoints, "cli-interrupted", "history.json"))).RootElement;
        var recorded = history.GetProperty("recoveries").EnumerateArray().Should().ContainSingle().Subject;
        recorded.GetProperty("lost").GetString().Should().Contain(victim!);
        recorded.GetProperty("back_to_step").GetInt64().Should().Be(status.ResumedFrom);

        Worst(expected, await Parameters(cluster.Grains, "cli-interrupted")).Should().BeLessThanOrEqualTo(1e-5);
    }

    [Fact]
    public async Task A_job_goes_on_through_kill_9_and_restart_of_Redis_with_the_uninterrupted_result()
    {
        await using var cluster = await Up(3);
        JobSpec Spec(string id) => JobOnTheCluster(id, parameterShards: 3) with { TrackSampleIds = true };
        var redis = JsonDocument.Parse(File.ReadAllText(Path.Combine(StateDir, "cluster.json"))).RootElement.GetProperty("redis_process").GetProperty("pid").GetInt32();

        bool killed = false;
        var interrupted = await RunToEnd(cluster.Grains, Spec("through-redis") with { Faults = [HoldAtStep40] }, async status =>
        {
            if (killed || status.StepsApplied < 15) return null;
            killed = true;
            Process.GetProcessById(redis).Kill();
            await Task.Delay(TimeSpan.FromSeconds(3));   // silos write their liveness and the job its record meanwhile, and fail
            var restart = await AdaftrProcess.Run(Limit, "cluster", "up", "--state-dir", StateDir);
            restart.ExitCode.Should().Be(0, restart.ToString());
            restart.Output.Should().Contain("started it again");
            return "redis";
        });
        interrupted.Victims.Should().Equal("redis");

        // After the restart the cluster takes new clients and new jobs, which Redis must serve (gateways, the job registry).
        await using var again = await Connect(3);
        var baseline = await RunToEnd(again.Grains, Spec("after-redis"), chaos: null);
        Worst(baseline.Parameters, interrupted.Parameters).Should().BeLessThanOrEqualTo(1e-5);
        (await again.Grains.GetGrain<IJobRegistryGrain>(0).ListAsync()).Should().Contain(["through-redis", "after-redis"]);
        var samples = await again.Grains.GetGrain<ITrainingJobGrain>("through-redis").GetAppliedSamplesAsync();
        samples.Values.SelectMany(s => s).Should().HaveCount(Workers * Batch * Steps).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_cancelled_and_a_failed_job_stay_so_when_their_silo_dies()
    {
        // Four silos: the two jobs' grains may sit on two of them, and two survivors give the two votes that declare a silo
        // dead (NumVotesForDeathDeclaration). With three, one survivor was left alone and the deaths took over two minutes on CI.
        await using var cluster = await Up(4);
        var cancelled = cluster.Grains.GetGrain<ITrainingJobGrain>("to-cancel");
        await cancelled.StartAsync(JobOnTheCluster("to-cancel", parameterShards: 3) with { Faults = [HoldAtStep40] });
        await cancelled.CancelAsync();

        // Fails at its first evaluation: its evaluation set is gone by then (held at step 5 so that the deletion lands first).
        var eval = _rows.WriteShards(Path.Combine(_folder, "eval"), Workers);
        var failed = cluster.Grains.GetGrain<ITrainingJobGrain>("to-fail");
        await failed.StartAsync(JobOnTheCluster("to-fail", parameterShards: 3) with
        {
            EvalShardDirectory = eval, EvalEverySteps = 10, Faults = [new InjectedFault(0, 5, FaultKind.Hang, TimeSpan.FromSeconds(3))],
        });
        Directory.Delete(eval, recursive: true);

        var ended = new[] { await Settled(cancelled), await Settled(failed) };
        ended.Select(s => s.State).Should().Equal(JobState.Cancelled, JobState.Failed);
        var victims = ended.Select(s => s.Silo).Distinct().Select(silo => Kill(silo, ended[0])).ToList();

        foreach (var (job, before) in new[] { (cancelled, ended[0]), (failed, ended[1]) })
        {
            var after = await StatusThroughFailover(job);
            victims.Should().NotContain(after.Silo, "the grain came back on a survivor");
            after.State.Should().Be(before.State, "a job that ended never trains again");
            after.Message.Should().Be(before.Message);
            after.StepsApplied.Should().Be(before.StepsApplied);
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await cancelled.GetStatusAsync()).State.Should().Be(JobState.Cancelled);
        (await failed.GetStatusAsync()).State.Should().Be(JobState.Failed);
    }

    [Fact]
    public async Task A_job_survives_two_silos_killed_one_after_the_other_with_the_uninterrupted_result()
    {
        await using var cluster = await Up(4);
        JobSpec Spec(string id) => JobOnTheCluster(id, parameterShards: 4) with
        {
            Workers = 4, ShardDirectory = _fourShards.Value, TrackSampleIds = true,
            CheckpointStore = Path.Combine(_folder, "checkpoints"), CheckpointEverySteps = 10,
            ModelConfigJson = ModelConfigJson.Serialize(_rows.Config(4, Batch)),
        };
        var baseline = await RunToEnd(cluster.Grains, Spec("two-uninterrupted"), chaos: null);

        // First the job's own silo; once the job is back and past step 35, a silo with a parameter shard.
        var killed = new List<string>();
        string? Chaos(JobStatus status)
        {
            if (killed.Count == 0 && status.StepsApplied >= 15) killed.Add(Kill(status.Silo, status));
            else if (killed.Count == 1 && status.Silo != killed[0] && status.State == JobState.Running && status.StepsApplied >= 35) killed.Add(KillAShardSilo(status));
            else return null;
            return killed[^1];
        }
        var interrupted = await RunToEnd(cluster.Grains, Spec("two-interrupted") with { Faults = [HoldAtStep40, new InjectedFault(0, 55, FaultKind.Hang, TimeSpan.FromSeconds(3))] },
            status => Task.FromResult(Chaos(status)));

        interrupted.Victims.Should().HaveCount(2);
        interrupted.Status.Recoveries.Should().HaveCountGreaterThanOrEqualTo(2, "the job's grain, then a parameter shard");
        interrupted.Status.Shards!.Select(s => s.Silo).Should().NotIntersectWith(interrupted.Victims);
        Worst(baseline.Parameters, interrupted.Parameters).Should().BeLessThanOrEqualTo(1e-5);
        // 4 × 16 × 60 rows is more than the set holds: the second epoch repeats ids, so each step is compared with the uninterrupted one.
        interrupted.Samples.Should().HaveCount(Steps).And.BeEquivalentTo(baseline.Samples);
    }

    private async Task<RemoteCluster> Up(int silos, string backend = RedisClusterBackend.Name)
    {
        _backend = ClusterBackend.For(backend);
        var environment = _backend.AdaftrEnvironment.Concat(AdaftrProcess.TestMode).ToDictionary();   // test mode: the silos take specs with Faults
        var up = await AdaftrProcess.Run(Limit, environment, ["cluster", "up", "--silos", $"{silos}", "--devices", "cpu", "--state-dir", StateDir, .. _backend.UpArguments]);
        up.ExitCode.Should().Be(0, up.ToString());
        return await Connect(silos);
    }

    private async Task<RemoteCluster> Connect(int silos)
    {
        var cluster = await RemoteCluster.ConnectAsync(ClusterState.Load(StateDir)!.Address(), "adaftr", CancellationToken.None);
        await AllSilosActive(cluster.Grains, silos);   // the job spreads shards and workers over the silos it sees active when it starts
        return cluster;
    }

    /// <summary>
    /// Worker 0 waits 3 s before step 40 (well inside the barrier timeout, so nothing is retried and the maths is
    /// unchanged): a job of 60 fast steps would otherwise finish before a kill seen at step 25 lands.
    /// </summary>
    private static readonly InjectedFault HoldAtStep40 = new(0, 40, FaultKind.Hang, TimeSpan.FromSeconds(3));

    /// <summary>K = 3 on the synthetic rows, with retries patient enough for a silo to be declared dead.</summary>
    private JobSpec JobOnTheCluster(string id, int parameterShards) => new()
    {
        JobId = id,
        ModelConfigJson = ModelConfigJson.Serialize(_rows.Config(Workers, Batch)),
        ShardDirectory = _shards.Value,
        Workers = Workers,
        ParameterShards = parameterShards,
        Steps = Steps,
        BatchPerWorker = Batch,
        BarrierTimeout = TimeSpan.FromSeconds(20),
        MaxStepAttempts = 12,
        RetryBackoff = TimeSpan.FromSeconds(1),
    };

    /// <param name="Samples">The sample ids of every step, when the job tracked them.</param>
    private sealed record Outcome(JobStatus Status, Dictionary<string, float[]> Parameters, IReadOnlyList<string> Victims, IReadOnlyDictionary<long, long[]>? Samples);

    /// <summary>Runs the job to its end; <paramref name="chaos"/> sees every status and names what it killed, if it did.</summary>
    private async Task<Outcome> RunToEnd(IGrainFactory grains, JobSpec spec, Func<JobStatus, Task<string?>>? chaos)
    {
        var job = grains.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.StartAsync(spec);
        var victims = new List<string>();
        var deadline = DateTime.UtcNow + Limit;
        JobStatus status;
        while (!(status = await StatusThroughFailover(job)).IsFinished && status.State != JobState.Paused)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {spec.JobId} at step {status.StepsApplied} after {Limit}: {status.Message}");
            if (chaos is not null && await chaos(status) is { } victim) victims.Add(victim);
            await Task.Delay(100);
        }
        status.State.Should().Be(JobState.Completed, status.Message);
        return new Outcome(status, await Parameters(grains, spec.JobId), victims, spec.TrackSampleIds ? await job.GetAppliedSamplesAsync() : null);
    }

    /// <summary>Kills once, with <paramref name="kill"/>, when the job has applied <paramref name="step"/> steps.</summary>
    private static Func<JobStatus, Task<string?>> KillOnceAt(long step, Func<JobStatus, string> kill)
    {
        bool done = false;
        return status =>
        {
            if (done || status.StepsApplied < step) return Task.FromResult<string?>(null);
            done = true;
            return Task.FromResult<string?>(kill(status));
        };
    }

    private static async Task<Dictionary<string, float[]>> Parameters(IGrainFactory grains, string job) =>
        (await grains.GetGrain<ITrainingJobGrain>(job).GetParametersAsync()).ToDictionary(p => p.Name, p => MemoryMarshal.Cast<byte, float>(p.Data).ToArray());

    private static double Worst(Dictionary<string, float[]> expected, Dictionary<string, float[]> actual) =>
        expected.Max(kv => kv.Value.Zip(actual[kv.Key], (a, b) => Math.Abs(a - b)).Max());

    private static Task<JobStatus> Settled(ITrainingJobGrain job) => JobWatch.UntilAsync(job, s => s.IsFinished, "the job to settle", Limit);

    /// <summary>The job's status, or null while it cannot answer (its silo just died).</summary>
    private static async Task<JobStatus?> StatusOrNull(ITrainingJobGrain job)
    {
        try { return await job.GetStatusAsync().WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception e) when (LostContact.Is(e)) { return null; }
    }

    private static Task AllSilosActive(IGrainFactory grains, int silos) =>
        Eventually.Until(async () => (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count, active => active >= silos,
            TimeSpan.FromMinutes(1), $"{silos} silos active");

    /// <summary>A request in flight through the killed silo's gateway, or to the job grain on it, is lost; the client's next one takes another gateway.</summary>
    private static async Task<JobStatus> StatusThroughFailover(ITrainingJobGrain job)
    {
        // A refused connection fails at once, so count time, not attempts: declaring a silo dead takes 10 – 30 s on a loaded machine.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try { return await job.GetStatusAsync().WaitAsync(TimeSpan.FromSeconds(5)); }   // not Orleans' 30 s for a call to a dead silo
            catch (Exception e) when (DateTime.UtcNow < deadline && LostContact.Is(e))
            {
                await Task.Delay(500);   // the job's own silo may be the one that died: its grain comes back once the cluster says so
            }
        }
    }

    /// <summary>kill -9 of a silo that runs a worker but neither the job nor a parameter shard.</summary>
    private string KillAWorkerSilo(JobStatus status)
    {
        var shardSilos = status.Shards!.Select(s => s.Silo).ToHashSet();
        var victim = status.Workers.Select(w => w.Silo).FirstOrDefault(s => s != status.Silo && !shardSilos.Contains(s))
                     ?? throw new InvalidOperationException($"no worker runs away from the job's and the shards' silos: {Where(status)}");
        return Kill(victim, status);
    }

    /// <summary>kill -9 of a silo that holds a parameter shard but not the job.</summary>
    private string KillAShardSilo(JobStatus status) =>
        Kill(status.Shards!.Select(s => s.Silo).FirstOrDefault(s => s != status.Silo)
             ?? throw new InvalidOperationException($"every shard is on the job's silo: {Where(status)}"), status);

    private static string Where(JobStatus status) =>
        $"job on {status.Silo}, shards on [{string.Join(", ", status.Shards!.Select(s => s.Silo))}], workers on [{string.Join(", ", status.Workers.Select(w => w.Silo))}]";

    private string Kill(string victim, JobStatus status)
    {
        var where = Where(status);
        int port = int.Parse(Regex.Match(victim, @":(\d+):\d+$").Groups[1].Value);
        var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(StateDir, "cluster.json"))).RootElement;
        var entry = state.GetProperty("silos").EnumerateArray().Where(s => s.GetProperty("silo_port").GetInt32() == port).ToList();
        if (entry.Count != 1) throw new InvalidOperationException($"silo port {port} is not one `cluster up` started: {where}");
        int pid = entry[0].GetProperty("process").GetProperty("pid").GetInt32();
        Process.GetProcessById(pid).Kill();   // SIGKILL: no goodbye to the cluster
        return victim;
    }

    public async Task DisposeAsync()
    {
        await AdaftrProcess.Run(Limit, "cluster", "down", "--state-dir", StateDir);
        _backend?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
