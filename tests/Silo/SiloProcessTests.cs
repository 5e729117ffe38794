using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AdaFtr.Silo.Tests;

[Trait("Category", "Silo")]
public sealed class SiloProcessTests
{
    [Fact]
    public async Task A_silo_process_serves_the_dashboard_on_loopback_and_stops_when_killed()
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "adaftr-silo.dll"));
        start.ArgumentList.Add($"--dashboard-url=http://127.0.0.1:{port}");
        start.ArgumentList.Add($"--silo-port={FreePort()}");
        start.ArgumentList.Add($"--gateway-port={FreePort()}");
        using var silo = Process.Start(start)!;
        var output = silo.StandardOutput.ReadToEndAsync();
        _ = silo.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddMinutes(2);
            HttpStatusCode? status = null;
            while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline && !silo.HasExited)
            {
                try { status = (await http.GetAsync($"http://127.0.0.1:{port}/dashboard/")).StatusCode; }
                catch (HttpRequestException) { await Task.Delay(500); }
            }
            status.Should().Be(HttpStatusCode.OK, $"the dashboard answers within 2 minutes (silo exited: {silo.HasExited})");
        }
        finally
        {
            silo.Kill(entireProcessTree: true);
            await silo.WaitForExitAsync();
        }
        silo.HasExited.Should().BeTrue();
        (await output).Should().Contain($"127.0.0.1:{port}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
