using System.Security.Cryptography.X509Certificates;
using AdaFtr.Silo.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace AdaFtr.Silo.Tests;

/// <summary>
/// One production silo in this process, as a deployment runs it but on loopback: mutual TLS with a self-signed cluster
/// certificate (a PFX whose password comes from the environment), the dashboard over HTTPS, no fault injection.
/// </summary>
public sealed class TlsSiloFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-tls-").FullName;
    private WebApplication? _app;

    public X509Certificate2 ClusterCertificate { get; } = TestCertificates.Create("adaftr-cluster");
    public SiloSettings Settings { get; private set; } = null!;
    public WebApplication App => _app!;

    public async Task InitializeAsync()
    {
        var pfx = TestCertificates.WritePfx(ClusterCertificate, _folder);
        Settings = SiloConfiguration.Read(
            ["--tls-certificate", pfx, "--silo-port", $"{FreePort.Next()}", "--gateway-port", $"{FreePort.Next()}",
             "--dashboard-url", $"https://127.0.0.1:{FreePort.Next()}", "--devices", "cpu", "--cluster-id", "tls-test"],
            new Dictionary<string, string?> { ["ADAFTR_SILO__TLSPASSWORD"] = TestCertificates.Password });
        _app = SiloHost.Build(Settings, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
