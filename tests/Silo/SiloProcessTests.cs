using System.Net;

namespace AdaFtr.Silo.Tests;

[Trait("Category", "Silo")]
public sealed class SiloProcessTests
{
    [Fact]
    public async Task A_silo_process_serves_the_dashboard_on_loopback_and_stops_when_killed()
    {
        var silo = new SiloProcess();
        try
        {
            (await silo.DashboardAnswersAsync()).Should().Be(HttpStatusCode.OK, $"the dashboard answers within 2 minutes (silo exited: {silo.HasExited})");
        }
        finally
        {
            await silo.DisposeAsync();
        }
        silo.HasExited.Should().BeTrue();
        (await silo.Output).Should().Contain($"127.0.0.1:{silo.DashboardPort}");
    }
}
