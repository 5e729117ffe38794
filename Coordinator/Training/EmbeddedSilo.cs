using AdaFtr.Coordinator.Cluster;
using AdaFtr.Coordinator.Console;
using AdaFtr.Silo;
using AdaFtr.Silo.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdaFtr.Coordinator.Training;

/// <summary>A one-silo cluster inside this process (localhost clustering, loopback ports chosen free), for `adaftr train` without --cluster.</summary>
public sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedSilo(WebApplication app, SiloSettings settings)
    {
        _app = app;
        Settings = settings;
    }

    public SiloSettings Settings { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public static async Task<EmbeddedSilo> StartAsync(string devices, CancellationToken cancellationToken)
    {
        var settings = new SiloSettings
        {
            ClusterId = $"embedded-{Environment.ProcessId}",
            SiloPort = FreePorts.Next(),
            GatewayPort = FreePorts.Next(),
            DashboardUrl = $"http://127.0.0.1:{FreePorts.Next()}",
            Devices = devices,
        };
        var app = SiloHost.Build(settings, logging =>
        {
            StderrLogs.Use(logging, LogLevel.Error);
            logging.Services.AddSingleton<IHostLifetime, CommandLifetime>();   // Ctrl-C is the command's (StopSignals)
        });
        await app.StartAsync(cancellationToken);
        return new EmbeddedSilo(app, settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
