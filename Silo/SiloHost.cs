using System.Net;
using AdaFtr.Silo.Configuration;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace AdaFtr.Silo;

/// <summary>Builds a silo (Orleans + dashboard on the same Kestrel) from validated <see cref="SiloSettings"/>.</summary>
public static class SiloHost
{
    public static WebApplication Build(SiloSettings settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls(settings.DashboardUrl);
        builder.UseOrleans(silo =>
        {
            var address = IPAddress.Parse(settings.ListenAddress);
            silo.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ServiceId; });
            if (settings.Clustering == "redis")
            {
                silo.UseRedisClustering(settings.Redis!);
                silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
            }
            else
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort,
                    new IPEndPoint(address, settings.PrimarySiloPort ?? settings.SiloPort), settings.ServiceId, settings.ClusterId);
            }
            silo.AddDashboard();
        });
        var app = builder.Build();
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        return app;
    }

    /// <summary>One line saying how this silo is set up, with secrets redacted.</summary>
    public static string Describe(SiloSettings settings) =>
        $"adaftr-silo: cluster '{settings.ClusterId}' via {settings.Clustering}" +
        (settings.Clustering == "redis" ? $" ({RedisDisplay.Redact(settings.Redis)})" : $" (primary silo port {settings.PrimarySiloPort ?? settings.SiloPort})") +
        $", silo {settings.ListenAddress}:{settings.SiloPort}, gateway {settings.GatewayPort}, devices {settings.Devices} x{settings.WorkerSlotsPerDevice}, dashboard {settings.DashboardUrl.TrimEnd('/')}/dashboard";
}
