using System.Diagnostics;
using AdaFtr.Coordinator.Cluster;

namespace AdaFtr.Coordinator.Tests.Cluster;

[Trait("Category", "Cli")]
public sealed class OwnedProcessesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-owned-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_process_is_alive_throughout_its_start_and_leads_its_own_session()
    {
        // sh execs setsid, which execs the program: /proc/PID/cmdline is empty for a moment at each exec,
        // which once made `cluster up` report a starting redis as exited.
        for (int run = 0; run < 5; run++)
        {
            var owned = OwnedProcesses.Start("sleep", ["30"], Path.Combine(_folder, $"sleep-{run}.log"), "sleep");
            try
            {
                var watch = Stopwatch.StartNew();
                while (watch.ElapsedMilliseconds < 200)
                    OwnedProcesses.IsAlive(owned).Should().BeTrue($"run {run}, {watch.ElapsedMilliseconds} ms after the start");
                var stat = File.ReadAllText($"/proc/{owned.Pid}/stat");
                int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3]).Should().Be(owned.Pid, "the process leads a session of its own");
            }
            finally
            {
                (await OwnedProcesses.Stop(owned, TimeSpan.FromSeconds(5))).Should().BeTrue();
            }
            OwnedProcesses.IsAlive(owned).Should().BeFalse();
        }
    }
}
