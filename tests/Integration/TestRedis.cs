using System.Diagnostics;

namespace AdaFtr.Integration.Tests;

/// <summary>A redis-server this test owns on a free loopback port, without persistence; it outlives the silos it serves and dies with the test.</summary>
public sealed class TestRedis : IAsyncDisposable
{
    private readonly Process _process;

    public TestRedis(string? password = null)
    {
        Port = FreePort.Next();
        var start = new ProcessStartInfo("redis-server", ["--bind", "127.0.0.1", "--port", $"{Port}", "--save", "", "--appendonly", "no"]) { RedirectStandardOutput = true };
        if (password is not null) { start.ArgumentList.Add("--requirepass"); start.ArgumentList.Add(password); }
        _process = Process.Start(start)!;
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
