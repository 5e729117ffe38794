using System.Diagnostics;

namespace AdaFtr.Coordinator.Cluster;

/// <summary>
/// Starts detached processes (they outlive <c>adaftr</c>; output goes to a log file) and stops them
/// by id, only after checking that the id still belongs to the process we started: its start time
/// and command line must match, so a reused pid is never killed.
/// </summary>
public static class OwnedProcesses
{
    /// <param name="environment">Extra variables for the child: secrets go here, never on its command line (which any local user can read).</param>
    public static OwnedProcess Start(string program, IReadOnlyList<string> arguments, string log, string marker, IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        // `exec` keeps the pid; file redirection (not a pipe) lets the child outlive us; `setsid` puts it in a
        // session of its own, so closing the terminal that ran `adaftr cluster up` (SIGHUP) does not stop it.
        // setsid forks only when its caller leads a process group, which this shell never does: the pid stays.
        var command = "exec setsid " + string.Join(' ', new[] { program }.Concat(arguments).Select(Quote)) + $" >> {Quote(log)} 2>&1 < /dev/null";
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new UserError($"could not start {program}");
        return new OwnedProcess(process.Id, StartTicks(process.Id) ?? 0, marker, log);
    }

    public static bool IsAlive(OwnedProcess owned) =>
        StartTicks(owned.Pid) is { } ticks && (owned.StartTicks == 0 || ticks == owned.StartTicks) && CommandLine(owned.Pid).Contains(owned.Marker);

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>. Returns false when the process was already gone.</summary>
    public static async Task<bool> Stop(OwnedProcess owned, TimeSpan grace)
    {
        if (!IsAlive(owned)) return false;
        using var process = Process.GetProcessById(owned.Pid);
        Signal(owned.Pid, "TERM");
        using var timeout = new CancellationTokenSource(grace);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { if (IsAlive(owned)) process.Kill(); await process.WaitForExitAsync(); }
        return true;
    }

    public static string Tail(string log, int lines = 15) =>
        File.Exists(log) ? string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(lines)) : "(no log)";

    /// <summary>Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot.</summary>
    private static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(afterName[19]);   // fields from 3 on; 22 - 3 = 19
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// The command line, read again for up to 100 ms while it is empty: it is empty for a moment while the process
    /// execs (sh, then setsid, then the program) or rewrites its title (redis), and for good once it has exited.
    /// </summary>
    private static string CommandLine(int pid)
    {
        for (int attempt = 0; ; attempt++)
        {
            string line;
            try { line = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
            if (line.Length > 0 || attempt == 10) return line;
            Thread.Sleep(10);
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
