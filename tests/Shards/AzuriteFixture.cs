using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AdaFtr.Shards.Tests;

/// <summary>
/// Starts Azurite's blob service on 127.0.0.1 at a free port, in memory, for one test collection,
/// and stops that process (by its id) afterwards. Azurite is found through ADAFTR_AZURITE or at
/// &lt;repo&gt;/.tools/node_modules/.bin/azurite-blob; when absent the tests fail and say how to install it.
/// </summary>
public sealed class AzuriteFixture : IDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public AzuriteFixture()
    {
        var executable = Locate();
        int port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--skipApiVersionCheck", "--loose", "--inMemoryPersistence", "--silent", "--disableTelemetry" })
            start.ArgumentList.Add(argument);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data, listening);
        _process.ErrorDataReceived += (_, e) => OnOutput(e.Data, listening);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Wait for Azurite's own "listening" line: a phase barrier, not a sleep.
        if (!listening.Task.Wait(StartTimeout) || _process.HasExited)
        {
            Stop();
            throw new InvalidOperationException($"Azurite ({executable}) did not report listening on 127.0.0.1:{port} within {StartTimeout.TotalSeconds} s; its output:\n{Log}");
        }
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    private string Log { get { lock (_log) return _log.ToString(); } }

    private void OnOutput(string? line, TaskCompletionSource listening)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
        if (line.Contains("successfully listen", StringComparison.OrdinalIgnoreCase)) listening.TrySetResult();
    }

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("ADAFTR_AZURITE");
        var candidates = configured is { Length: > 0 }
            ? [configured, Path.Combine(Path.GetDirectoryName(configured) ?? ".", "azurite-blob")]
            : new[] { Path.Combine(TestPaths.RepoRoot, ".tools", "node_modules", ".bin", "azurite-blob") };
        // Prefer the blob-only binary: the full one would also bind queue and table ports.
        foreach (var path in candidates.OrderByDescending(p => Path.GetFileName(p) == "azurite-blob"))
            if (File.Exists(path)) return path;
        throw new FileNotFoundException(
            $"Azurite is needed for the blob store tests and was not found (looked at {string.Join(", ", candidates)}). " +
            "Install it with `npm install --prefix .tools azurite` in the repository root, or set ADAFTR_AZURITE to its azurite-blob binary.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Stop()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = nameof(AzuriteCollection);
}
