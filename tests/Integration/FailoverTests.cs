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
/// Three silo processes clustered through a <see cref="ClusterBackend"/> (Redis, Azure tables: FailoverBackends.cs). A job
/// loses a silo to kill -9 in the middle and must finish with exactly the parameters of an uninterrupted run, every sample used once.
/// </summary>
public abstract class FailoverTests : IAsyncLifetime
{
    private readonly ClusterBackend _backend;
    private const int Workers = 3, Batch = 16, Steps = 60;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-failover-").FullName;
    private string StateDir => Path.Combine(_folder, "cluster");
    private readonly SyntheticRows _rows = new(3 * 1024);
    private readonly Lazy<string> _shards;

    protected FailoverTests(ClusterBackend backend)
    {
        _backend = backend;
        _shards = new(() => _rows.WriteShards(Path.Combine(_folder, "shards"), Workers));
    }

    public async Task InitializeAsync()
    {
        var up = await AdaftrProcess.Run(Limit, _backend.UpEnvironment, ["cluster", "up", "--silos", "3", "--devices", "cpu", "--state-dir", StateDir, .. _backend.UpArguments]);
        up.ExitCode.Should().Be(0, up.ToString());
    }

    [Fact]
    public async Task A_job_survives_kill_9_of_a_worker_silo_with_the_uninterrupted_result()
    {
        await using var cluster = await Connect();
        // One parameter shard, on one silo, so that one of the three holds only a worker.
        JobSpec Spec(string id) => JobOnTheCluster(id, parameterShards: 1) with { TrackSampleIds = true };

        var baseline = await RunToEnd(cluster.Grains, Spec("uninterrupted"), killAfterStep: null);
        var interrupted = await RunToEnd(cluster.Grains, Spec("interrupted"), killAfterStep: 15);

        interrupted.Status.State.Should().Be(JobState.Completed, interrupted.Status.Message);
        interrupted.Status.StepRetries.Should().BeGreaterThan(0, "a worker's silo died under it");
        interrupted.Status.Workers.Should().NotContain(w => w.Silo == interrupted.Victim);
        double worst = baseline.Parameters.Max(kv => kv.Value.Zip(interrupted.Parameters[kv.Key], (a, b) => Math.Abs(a - b)).Max());
        worst.Should().BeLessThanOrEqualTo(1e-5);

        var samples = await cluster.Grains.GetGrain<ITrainingJobGrain>("interrupted").GetAppliedSamplesAsync();
        samples.Keys.Should().BeEquivalentTo(Enumerable.Range(1, Steps).Select(s => (long)s));
        samples.Values.SelectMany(s => s).Should().HaveCount(Workers * Batch * Steps).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_job_survives_kill_9_of_a_silo_holding_a_parameter_shard_by_going_back_to_its_checkpoint()
    {
        await using var cluster = await Connect();
        // One parameter shard on each silo, a checkpoint every 10 steps to go back to.
        JobSpec Spec(string id) => JobOnTheCluster(id, parameterShards: 3) with { TrackSampleIds = true, CheckpointStore = Path.Combine(_folder, "checkpoints"), CheckpointEverySteps = 10 };

        var baseline = await RunToEnd(cluster.Grains, Spec("shard-uninterrupted"), killAfterStep: null);
        var interrupted = await RunToEnd(cluster.Grains, Spec("shard-interrupted") with { Faults = [HoldAtStep40] }, killAfterStep: 25, KillAShardSilo);

        interrupted.Status.State.Should().Be(JobState.Completed, interrupted.Status.Message);
        var recovery = interrupted.Status.Recoveries.Should().ContainSingle().Subject;
        recovery.Lost.Should().StartWith("parameter shard ps");
        recovery.BackToStep.Should().BeInRange(10, 59, "the newest checkpoint before the kill, taken every 10 steps");
        interrupted.Status.Shards!.Should().NotContain(s => s.Silo == interrupted.Victim);
        double worst = baseline.Parameters.Max(kv => kv.Value.Zip(interrupted.Parameters[kv.Key], (a, b) => Math.Abs(a - b)).Max());
        worst.Should().BeLessThanOrEqualTo(1e-5);

        // Steps after the checkpoint were applied again, each once in the end: every sample counts once.
        var samples = await cluster.Grains.GetGrain<ITrainingJobGrain>("shard-interrupted").GetAppliedSamplesAsync();
        samples.Keys.Should().BeEquivalentTo(Enumerable.Range(1, Steps).Select(s => (long)s));
        samples.Values.SelectMany(s => s).Should().HaveCount(Workers * Batch * Steps).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_job_survives_kill_9_of_its_own_silo_by_continuing_from_its_record_and_checkpoint()
    {
        await using var cluster = await Connect();
        JobSpec Spec(string id) => JobOnTheCluster(id, parameterShards: 3) with { CheckpointStore = Path.Combine(_folder, "checkpoints"), CheckpointEverySteps = 10 };

        var baseline = await RunToEnd(cluster.Grains, Spec("job-uninterrupted"), killAfterStep: null);
        var interrupted = await RunToEnd(cluster.Grains, Spec("job-interrupted") with { Faults = [HoldAtStep40] }, killAfterStep: 25, s => Kill(s.Silo, s));

        interrupted.Status.State.Should().Be(JobState.Completed, interrupted.Status.Message);
        interrupted.Status.Silo.Should().NotBe(interrupted.Victim, "the job grain came back on a survivor");
        interrupted.Status.ResumedFrom.Should().BeInRange(10, Steps - 1, "it went back to a checkpoint taken every 10 steps");
        interrupted.Status.Losses.Should().HaveCount(Steps, "the checkpoint carries the losses before it");
        double worst = baseline.Parameters.Max(kv => kv.Value.Zip(interrupted.Parameters[kv.Key], (a, b) => Math.Abs(a - b)).Max());
        worst.Should().BeLessThanOrEqualTo(1e-5);
    }

    private async Task<RemoteCluster> Connect()
    {
        var cluster = await RemoteCluster.ConnectAsync(ClusterState.Load(StateDir)!.Address(), "adaftr", CancellationToken.None);
        await AllSilosActive(cluster.Grains, 3);   // the job spreads shards and workers over the silos it sees active when it starts
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

    private sealed record Outcome(JobStatus Status, Dictionary<string, float[]> Parameters, string? Victim);

    private async Task<Outcome> RunToEnd(IGrainFactory grains, JobSpec spec, long? killAfterStep, Func<JobStatus, string>? kill = null)
    {
        var job = grains.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.StartAsync(spec);
        string? victim = null;
        var deadline = DateTime.UtcNow + Limit;
        JobStatus status;
        while (!(status = await StatusThroughFailover(job)).IsFinished && status.State != JobState.Paused)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {spec.JobId} at step {status.StepsApplied} after {Limit}: {status.Message}");
            if (victim is null && killAfterStep is { } k && status.StepsApplied >= k)
                victim = (kill ?? KillAWorkerSilo)(status);
            await Task.Delay(100);
        }
        status.State.Should().Be(JobState.Completed, status.Message);
        var parameters = (await job.GetParametersAsync()).ToDictionary(p => p.Name, p => MemoryMarshal.Cast<byte, float>(p.Data).ToArray());
        return new Outcome(status, parameters, victim);
    }

    private static async Task AllSilosActive(IGrainFactory grains, int silos)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count < silos)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"fewer than {silos} silos active after a minute");
            await Task.Delay(200);
        }
    }

    /// <summary>A request in flight through the killed silo's gateway, or to the job grain on it, is lost; the client's next one takes another gateway.</summary>
    private static async Task<JobStatus> StatusThroughFailover(ITrainingJobGrain job)
    {
        for (int attempt = 1; ; attempt++)
        {
            try { return await job.GetStatusAsync(); }
            catch (Exception e) when (attempt < 30 && e is TimeoutException or OrleansException or Orleans.Runtime.Messaging.ConnectionFailedException)
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
        _backend.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
