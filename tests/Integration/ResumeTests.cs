using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using AdaFtr.Coordinator.Training;
using AdaFtr.Grains;
using AdaFtr.Model.Configuration;

namespace AdaFtr.Integration.Tests;

/// <summary>
/// The whole cluster dies (kill -9 of every silo process) in the middle of a job that checkpoints
/// to a folder; a new cluster started on the same job id resumes from the newest valid checkpoint
/// and must end with exactly the parameters of an uninterrupted run.
/// </summary>
[Trait("Category", "Resume")]
[Collection(ProcessCollection.Name)]
public sealed class ResumeTests : IAsyncLifetime
{
    private const int Workers = 2, Batch = 16, Steps = 40;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-resume-").FullName;
    private readonly List<string> _stateDirs = [];

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_job_resumed_after_kill_9_of_every_silo_ends_with_the_uninterrupted_result()
    {
        var rows = new SyntheticRows(3 * 1024);
        var shards = rows.WriteShards(Path.Combine(_folder, "shards"), Workers);
        JobSpec Spec(string id, string? store) => new()
        {
            JobId = id,
            ModelConfigJson = ModelConfigJson.Serialize(rows.Config(Workers, Batch)),
            ShardDirectory = shards,
            Workers = Workers,
            ParameterShards = 2,
            Steps = Steps,
            BatchPerWorker = Batch,
            CheckpointStore = store,
            CheckpointEverySteps = 5,
        };
        var resumed = Spec("resumed", Path.Combine(_folder, "checkpoints"));

        Dictionary<string, float[]> baseline;
        long checkpointed;
        var first = await Up("first");
        await using (var cluster = await Connect(first))
        {
            (_, baseline) = await RunToEnd(cluster.Grains, Spec("uninterrupted", null));
            var job = cluster.Grains.GetGrain<ITrainingJobGrain>(resumed.JobId);
            await job.StartAsync(resumed);
            var status = await JobWatch.UntilAsync(job, s => s.LastCheckpoint >= 10, "a checkpoint at step 10 or later", Limit);
            checkpointed = status.LastCheckpoint;
            KillEverySilo(first);
        }
        (await AdaftrProcess.Run(Limit, "cluster", "down", "--state-dir", first)).ExitCode.Should().Be(0);

        var second = await Up("second");
        await using (var cluster = await Connect(second))
        {
            var (status, parameters) = await RunToEnd(cluster.Grains, resumed);
            status.State.Should().Be(JobState.Completed, status.Message);
            status.ResumedFrom.Should().BeGreaterThanOrEqualTo(checkpointed, "the newest valid checkpoint is used");
            status.ResumedFrom.Should().BeLessThan(Steps, "the first cluster died before the end");
            double worst = baseline.Max(kv => kv.Value.Zip(parameters[kv.Key], (a, b) => Math.Abs(a - b)).Max());
            worst.Should().BeLessThanOrEqualTo(1e-5);
        }
    }

    private async Task<string> Up(string name)
    {
        var stateDir = Path.Combine(_folder, name);
        _stateDirs.Add(stateDir);
        var up = await AdaftrProcess.Run(Limit, "cluster", "up", "--silos", "2", "--devices", "cpu", "--state-dir", stateDir);
        up.ExitCode.Should().Be(0, up.ToString());
        return stateDir;
    }

    private static async Task<RemoteCluster> Connect(string stateDir)
    {
        var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(stateDir, "cluster.json"))).RootElement;
        return await RemoteCluster.ConnectAsync($"redis://{state.GetProperty("redis").GetString()}", "adaftr", CancellationToken.None);
    }

    private static async Task<(JobStatus, Dictionary<string, float[]>)> RunToEnd(IGrainFactory grains, JobSpec spec)
    {
        var job = grains.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.StartAsync(spec);
        var status = await JobWatch.UntilAsync(job, s => s.IsFinished || s.State == JobState.Paused, "the job to settle", Limit);
        var parameters = (await job.GetParametersAsync()).ToDictionary(p => p.Name, p => MemoryMarshal.Cast<byte, float>(p.Data).ToArray());
        return (status, parameters);
    }

    /// <summary>SIGKILL to every silo process the cluster state lists: no goodbye, no flush.</summary>
    private static void KillEverySilo(string stateDir)
    {
        var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(stateDir, "cluster.json"))).RootElement;
        foreach (var silo in state.GetProperty("silos").EnumerateArray())
        {
            using var process = Process.GetProcessById(silo.GetProperty("process").GetProperty("pid").GetInt32());
            process.Kill();
            process.WaitForExit(10_000);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var stateDir in _stateDirs)
            await AdaftrProcess.Run(Limit, "cluster", "down", "--state-dir", stateDir);
        Directory.Delete(_folder, recursive: true);
    }
}
