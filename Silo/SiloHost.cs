using System.Net;
using System.Reflection;
using AdaFtr.Grains;
using AdaFtr.Grains.Jobs;
using AdaFtr.Grains.Schedules;
using AdaFtr.Silo.Configuration;
using AdaFtr.Silo.Dashboard;
using AdaFtr.Silo.Health;
using AdaFtr.Silo.JobPage;
using AdaFtr.Silo.Security;
using Orleans.Configuration;
using Orleans.Dashboard;
using StackExchange.Redis;

namespace AdaFtr.Silo;

/// <summary>Builds a silo (Orleans + dashboard on the same Kestrel) from validated <see cref="SiloSettings"/>.</summary>
public static class SiloHost
{
    /// <param name="logging">Adjusts logging, e.g. quieter for a silo embedded in the CLI.</param>
    public static WebApplication Build(SiloSettings settings, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateBuilder();
        logging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls(settings.DashboardUrl);
        var certificate = settings.TlsCertificate is null ? null
            : ClusterCertificate.Load(settings.TlsCertificate, settings.TlsKey, ClusterCertificate.Password(settings.TlsPassword, settings.TlsPasswordFile));
        if (certificate is not null) builder.WebHost.UseClusterCertificateForHttps(certificate);
        builder.UseOrleans(silo =>
        {
            var address = IPAddress.Parse(settings.ListenAddress);
            silo.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ServiceId; });
            // A synchronous job waits on every worker: find a dead silo in seconds, not the default minute.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(settings.ProbeTimeoutSeconds);
                o.NumMissedProbesLimit = 2;
            });
            if (settings.Clustering == "redis")
            {
                silo.UseRedisClustering(settings.Redis!);
                silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
                // After our endpoints and cluster ids: it only fills in what is not set, and adds the pod watch.
                if (settings.KubernetesHosting) silo.UseKubernetesHosting();
                // Schedules outlive any one silo: their state and reminders live in the same Redis.
                silo.AddRedisGrainStorage(ScheduleOptions.StorageName, storage => storage.Configure<IServiceProvider>((o, services) =>
                {
                    o.ConfigurationOptions = ConfigurationOptions.Parse(settings.Redis!);
                    o.GrainStorageSerializer = ScheduleStateSerializer.For(services);
                }));
                // Job records and the job registry too: a job outlives the silo its grain was on.
                silo.AddRedisGrainStorage(JobStateStorage.Name, storage => storage.Configure<IServiceProvider>((o, services) =>
                {
                    o.ConfigurationOptions = ConfigurationOptions.Parse(settings.Redis!);
                    o.GrainStorageSerializer = ScheduleStateSerializer.For(services);
                }));
                silo.UseRedisReminderService(o => o.ConfigurationOptions = ConfigurationOptions.Parse(settings.Redis!));
                silo.AddAdaFtrSchedules();
            }
            else if (settings.Clustering == "azure")
            {
                silo.UseAdaFtrAzureTables(AzureStorageConnection.Tables(AzureStorageConnection.Read(settings)));
                silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
                if (settings.KubernetesHosting) silo.UseKubernetesHosting();
                silo.AddAdaFtrSchedules();
            }
            else
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort,
                    new IPEndPoint(address, settings.PrimarySiloPort ?? settings.SiloPort), settings.ServiceId, settings.ClusterId);
                silo.AddAdaFtrSchedulesInMemory();
            }
            if (certificate is not null) silo.UseClusterTls(certificate);
            silo.AddDashboard();
            silo.AddAdaFtrTraining(ResolveDevices(settings), settings.CheckpointStore, settings.AllowFaults);
        });
        var app = builder.Build();
        if (!string.IsNullOrEmpty(settings.DashboardUser) && !string.IsNullOrEmpty(settings.DashboardPassword))
            app.UseDashboardBasicAuth(settings.DashboardUser, settings.DashboardPassword);
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        app.MapJobPage();
        app.MapHealth();
        return app;
    }

    /// <summary>The devices this silo trains on: the configured list, with <c>auto</c> resolved against the CUDA devices libtorch sees, checked.</summary>
    /// <exception cref="SiloConfigurationException">a CUDA build that sees no GPU for <c>auto</c>, or <c>cuda:N</c> beyond the devices.</exception>
    public static IReadOnlyList<string> ResolveDevices(SiloSettings settings) => ResolveDevices(settings.Devices);

    /// <inheritdoc cref="ResolveDevices(SiloSettings)"/>
    /// <param name="setting">A valid devices setting (<see cref="DeviceList.TryParse"/>).</param>
    public static IReadOnlyList<string> ResolveDevices(string setting)
    {
        DeviceList.TryParse(setting, out var devices);
        // A CPU build may still see GPUs: run against a CUDA libtorch (../shared/tools/gpu/pack.sh does), auto finds them.
        bool wantsCuda = devices is ["auto"] || devices.Any(d => d.StartsWith("cuda", StringComparison.Ordinal));
        return DeviceList.Resolve(devices, IsCudaBuild, wantsCuda && TorchSharp.torch.cuda.is_available() ? TorchSharp.torch.cuda.device_count() : 0);
    }

    /// <summary>Built with TorchSharp's CUDA backend (<c>-p:TorchBackend=cuda</c>).</summary>
    public static bool IsCudaBuild => typeof(SiloHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Any(a => a is { Key: "TorchBackend", Value: "cuda" });

    /// <summary>One line saying how this silo is set up, with secrets redacted.</summary>
    /// <param name="devices">What the devices setting resolved to (<see cref="ResolveDevices(SiloSettings)"/>), shown beside it.</param>
    public static string Describe(SiloSettings settings, IReadOnlyList<string>? devices = null) =>
        $"adaftr-silo: cluster '{settings.ClusterId}' via {settings.Clustering}" +
        settings.Clustering switch
        {
            "redis" => $" ({RedisDisplay.Redact(settings.Redis)}{(settings.KubernetesHosting ? ", Kubernetes hosting" : "")})",
            "azure" => $" (tables at {AzureStorageConnection.Display(AzureStorageConnection.Read(settings))}{(settings.KubernetesHosting ? ", Kubernetes hosting" : "")})",
            _ => $" (primary silo port {settings.PrimarySiloPort ?? settings.SiloPort})",
        } +
        $", silo {settings.ListenAddress}:{settings.SiloPort}, gateway {settings.GatewayPort}, devices {settings.Devices}{(devices is null ? "" : $" = {string.Join(",", devices)}")}, dashboard {settings.DashboardUrl.TrimEnd('/')}/dashboard, jobs {settings.DashboardUrl.TrimEnd('/')}/jobs" +
        (string.IsNullOrEmpty(settings.DashboardUser) || string.IsNullOrEmpty(settings.DashboardPassword) ? "" : $" (basic auth, user {settings.DashboardUser})") +
        (settings.TlsCertificate is null ? ", plain TCP (loopback)" : $", mutual TLS with {settings.TlsCertificate}") + (settings.AllowFaults ? ", TEST MODE (job specs may inject faults)" : "");
}
