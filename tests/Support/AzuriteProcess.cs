using System.Diagnostics;
using System.Text;

namespace AdaFtr.Tests.Support;

/// <summary>
/// One Azurite service (blob, or table through <see cref="Table"/>) on 127.0.0.1, persisting to a folder so a test can
/// stop it (an outage) and start it again on the same port with the same data. Stopped by its process id. Found
/// through ADAFTR_AZURITE (its azurite-blob; azurite-table beside it) or at &lt;repo&gt;/.tools/node_modules/.bin.
/// One source, linked into every test project that needs Azure storage.
/// </summary>
public sealed class AzuriteProcess : IDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _location = Directory.CreateTempSubdirectory("adaftr-azurite-").FullName;
    private int _port = FreePort.Next();
    private readonly StringBuilder _log = new();
    private readonly string _service;
    private Process? _process;

    /// <summary>The blob service (the single public constructor: xunit builds fixtures through it).</summary>
    public AzuriteProcess() : this("blob") { }

    private AzuriteProcess(string service)
    {
        _service = service;
        try
        {
            // The port was free when picked, but another test's server may bind it before Azurite does: pick again.
            for (int attempt = 1; ; attempt++)
            {
                try { Start(); break; }
                catch (InvalidOperationException) when (attempt < 5 && Log.Contains("EADDRINUSE"))
                {
                    lock (_log) _log.Clear();
                    _port = FreePort.Next();
                }
            }
        }
        catch
        {
            Dispose();   // no one else holds this instance to delete its data folder
            throw;
        }
    }

    /// <summary>The table service, which holds an Orleans cluster's membership, grain state and reminders.</summary>
    public static AzuriteProcess Table() => new("table");

    /// <summary>The well-known development account, with the endpoint of this process's one service.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};{(_service == "table" ? "Table" : "Blob")}Endpoint=http://127.0.0.1:{_port}/devstoreaccount1;";

    /// <summary>Starts (again) on the same port and data folder; returns once Azurite says it listens.</summary>
    public void Start()
    {
        var executable = Locate($"azurite-{_service}");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { $"--{_service}Host", "127.0.0.1", $"--{_service}Port", _port.ToString(), "--location", _location, "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry" })
            start.ArgumentList.Add(argument);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Exited += (_, _) => listening.TrySetResult();   // an Azurite that quit (a port taken) fails the start at once, not after the timeout
        process.OutputDataReceived += (_, e) => OnOutput(e.Data, listening);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data, listening);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        // Azurite's own "listening" line is the phase barrier, not a sleep.
        if (!listening.Task.Wait(StartTimeout) || process.HasExited)
        {
            if (process.HasExited) process.WaitForExit();   // its last output lines read into the log
            Stop();
            throw new InvalidOperationException($"Azurite ({executable}) quit or did not report listening on 127.0.0.1:{_port} within {StartTimeout.TotalSeconds} s; its output:\n{Log}");
        }
    }

    /// <summary>
    /// Stops the process (by its id) with SIGTERM, so Azurite saves its metadata for a later
    /// <see cref="Start"/>, and waits for it to exit: from then on the store refuses connections.
    /// </summary>
    public void Stop()
    {
        if (_process is null) return;
        if (!_process.HasExited && (SendSignal(_process.Id, SigTerm) != 0 || !_process.WaitForExit(20_000)))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        _process = null;
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private string Log { get { lock (_log) return _log.ToString(); } }

    private void OnOutput(string? line, TaskCompletionSource listening)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
        // The blob service says "successfully listens", the table service "successfully started": both once bound.
        if (line.Contains("successfully listen", StringComparison.OrdinalIgnoreCase) || line.Contains("successfully started", StringComparison.OrdinalIgnoreCase))
            listening.TrySetResult();
    }

    /// <param name="binary">azurite-blob or azurite-table.</param>
    private static string Locate(string binary)
    {
        var configured = Environment.GetEnvironmentVariable("ADAFTR_AZURITE");
        var candidates = configured is { Length: > 0 }
            ? [configured, Path.Combine(Path.GetDirectoryName(configured) ?? ".", binary)]
            : new[] { Path.Combine(RepoRoot(), ".tools", "node_modules", ".bin", binary) };
        // Prefer the single-service binary: the full one would also bind the other services' ports.
        foreach (var path in candidates.OrderByDescending(p => Path.GetFileName(p) == binary))
            if (File.Exists(path)) return path;
        throw new FileNotFoundException(
            $"Azurite is needed for the Azure storage tests and was not found (looked at {string.Join(", ", candidates)}). " +
            "Install it with `npm install --prefix .tools azurite` in the repository root, or set ADAFTR_AZURITE to its azurite-blob binary.");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdaFtr.Distributed.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no AdaFtr.Distributed.sln above {AppContext.BaseDirectory}");
    }

    public void Dispose()
    {
        Stop();
        try { Directory.Delete(_location, recursive: true); } catch (IOException) { /* Azurite may hold a file a moment after exit; temp space is reclaimed anyway */ }
    }
}
