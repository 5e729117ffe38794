using System.Diagnostics;
using System.Net;

namespace AdaFtr.Tests.Support;

/// <summary>
/// A silo process (adaftr-silo.dll beside the tests) on free loopback ports, killed with its children on dispose.
/// <see cref="DashboardAnswersAsync"/> waits for the dashboard to answer at all: the silo is up once it does.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);
    private readonly Process _process;
    private bool _waitedForExit;

    public SiloProcess(IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "adaftr-silo.dll"));
        start.ArgumentList.Add($"--dashboard-url={DashboardUrl}");
        start.ArgumentList.Add($"--silo-port={FreePort.Next()}");
        start.ArgumentList.Add($"--gateway-port={FreePort.Next()}");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        _process = Process.Start(start)!;
        Output = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
    }

    public int DashboardPort { get; } = FreePort.Next();
    public string DashboardUrl => $"http://127.0.0.1:{DashboardPort}";
    public bool HasExited => _waitedForExit || _process.HasExited;

    /// <summary>Everything the silo wrote to stdout, once it has exited.</summary>
    public Task<string> Output { get; }

    /// <summary>The dashboard's first answer to <paramref name="path"/> (any status), or null when the silo exited or did not answer within 2 minutes.</summary>
    public async Task<HttpStatusCode?> DashboardAnswersAsync(string path = "/dashboard/")
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var deadline = DateTime.UtcNow + StartLimit; DateTime.UtcNow < deadline && !_process.HasExited; await Task.Delay(500))
        {
            try { return (await http.GetAsync(DashboardUrl + path)).StatusCode; }
            catch (HttpRequestException) { /* not listening yet */ }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _waitedForExit = true;
        _process.Dispose();
    }
}
