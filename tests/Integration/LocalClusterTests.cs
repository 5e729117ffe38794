using System.Diagnostics;
using System.Text.Json;

namespace AdaFtr.Integration.Tests;

[Collection(ProcessCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class LocalClusterTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("adaftr-cluster-").FullName;

    [Fact]
    public async Task Cluster_up_starts_silos_status_sees_a_killed_one_and_down_stops_exactly_the_rest()
    {
        var checkpoints = Path.Combine(_stateDir, "ckpt");
        var up = await AdaftrProcess.Run(Limit, "cluster", "up", "--silos", "2", "--devices", "cpu", "--state-dir", _stateDir, "--checkpoints", checkpoints);
        try
        {
            up.ExitCode.Should().Be(0, up.ToString());
            up.Output.Should().Contain($"checkpoints:  {checkpoints}", "the cluster's store, where jobs without one of their own checkpoint");
            var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(_stateDir, "cluster.json"))).RootElement;
            var silos = state.GetProperty("silos").EnumerateArray().Select(s => s.GetProperty("process").GetProperty("pid").GetInt32()).ToList();
            int redis = state.GetProperty("redis_process").GetProperty("pid").GetInt32();
            silos.Should().HaveCount(2);
            silos.Should().OnlyContain(pid => IsRunning(pid));
            // Each leads a session of its own: closing the terminal that ran `cluster up` (SIGHUP to its session) spares them.
            silos.Append(redis).Should().OnlyContain(pid => SessionOf(pid) == pid);
            silos.Should().OnlyContain(pid => File.ReadAllText($"/proc/{pid}/cmdline").Contains($"--checkpoints\0{checkpoints}\0"));

            (await AdaftrProcess.Run(Limit, "cluster", "status", "--state-dir", _stateDir)).ExitCode.Should().Be(0);

            Process.GetProcessById(silos[0]).Kill();   // SIGKILL, as a crash would
            await Eventually.Until(() => !IsRunning(silos[0]), TimeSpan.FromSeconds(30), $"silo process {silos[0]} to exit");
            var status = await AdaftrProcess.Run(Limit, "cluster", "status", "--state-dir", _stateDir);
            status.ExitCode.Should().Be(3, status.ToString());
            status.Output.Should().Contain("DOWN");

            var down = await AdaftrProcess.Run(Limit, "cluster", "down", "--state-dir", _stateDir);
            down.ExitCode.Should().Be(0, down.ToString());
            down.Output.Should().Contain("stopped 2 process(es)");   // the surviving silo and redis
            IsRunning(silos[1]).Should().BeFalse();
            IsRunning(redis).Should().BeFalse();
            File.Exists(Path.Combine(_stateDir, "cluster.json")).Should().BeFalse();
        }
        finally
        {
            await AdaftrProcess.Run(Limit, "cluster", "down", "--state-dir", _stateDir);
        }
    }

    [Fact]
    public async Task A_password_protected_redis_works_and_the_password_is_never_shown()
    {
        const string password = "pw-7f3a9c-never-printed";
        await using var redis = new TestRedis(password);
        int port = redis.Port;
        try
        {
            var up = await AdaftrProcess.Run(Limit, "cluster", "up", "--silos", "1", "--devices", "cpu", "--redis", $"127.0.0.1:{port},password={password}", "--state-dir", _stateDir);
            up.ExitCode.Should().Be(0, up.ToString());
            var status = await AdaftrProcess.Run(Limit, "cluster", "status", "--state-dir", _stateDir);
            status.ExitCode.Should().Be(0, status.ToString());

            int silo = JsonDocument.Parse(File.ReadAllText(Path.Combine(_stateDir, "cluster.json"))).RootElement
                .GetProperty("silos")[0].GetProperty("process").GetProperty("pid").GetInt32();
            File.ReadAllText($"/proc/{silo}/cmdline").Should().NotContain(password, "any local user can read a command line");
            (up.Output + up.Error + status.Output + status.Error).Should().NotContain(password).And.Contain("password=***");
            File.ReadAllText(Path.Combine(_stateDir, "silo-0.log")).Should().NotContain(password);   // its gateway answered: it joined through the password-protected Redis
            if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(Path.Combine(_stateDir, "cluster.json")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        finally
        {
            await AdaftrProcess.Run(Limit, "cluster", "down", "--state-dir", _stateDir);
        }
    }


    [Fact]
    public async Task Down_without_a_cluster_says_so()
    {
        var down = await AdaftrProcess.Run(Limit, "cluster", "down", "--state-dir", _stateDir);
        down.ExitCode.Should().Be(0);
        down.Output.Should().Contain("no running cluster");
    }

    private static bool IsRunning(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z");

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    /// <summary>Field 6 of /proc/PID/stat.</summary>
    private static int SessionOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3]);   // the split starts at field 3
    }
}
