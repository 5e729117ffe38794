using System.Net;
using AdaFtr.Silo.Security;

namespace AdaFtr.Silo.Configuration;

/// <summary>Checks <see cref="SiloSettings"/> once at start; every message names the field and says what is allowed.</summary>
public static class SiloSettingsValidator
{
    public static IReadOnlyList<string> Validate(SiloSettings settings)
    {
        var errors = new List<string>();
        void Fail(string field, string problem) => errors.Add($"{SiloSettings.Section}:{field}: {problem}");

        if (settings.Clustering is not ("localhost" or "redis" or "azure"))
            Fail(nameof(settings.Clustering), $"'{settings.Clustering}' is not one of localhost, redis, azure");
        if (settings.Clustering == "redis" && string.IsNullOrWhiteSpace(settings.Redis))
            Fail(nameof(settings.Redis), "redis clustering needs a Redis configuration such as 127.0.0.1:6379 (flag --redis, env ADAFTR_SILO__REDIS)");
        if (settings.Clustering == "azure") ValidateAzureStorage(settings, Fail);
        // Kubernetes hosting watches pods; membership itself still needs a table that outlives any silo.
        if (settings.KubernetesHosting && settings.Clustering is not ("redis" or "azure"))
            Fail(nameof(settings.KubernetesHosting), "needs redis or azure clustering (the membership table); Kubernetes hosting only watches pods");
        if (string.IsNullOrWhiteSpace(settings.ClusterId)) Fail(nameof(settings.ClusterId), "must not be empty");
        if (string.IsNullOrWhiteSpace(settings.ServiceId)) Fail(nameof(settings.ServiceId), "must not be empty");
        if (!IPAddress.TryParse(settings.ListenAddress, out _))
            Fail(nameof(settings.ListenAddress), $"'{settings.ListenAddress}' is not an IP address");
        foreach (var (field, port) in new[] { (nameof(settings.SiloPort), settings.SiloPort), (nameof(settings.GatewayPort), settings.GatewayPort), (nameof(settings.PrimarySiloPort), settings.PrimarySiloPort ?? 1) })
            if (port is < 1 or > 65535) Fail(field, $"{port} is not a port (1-65535)");
        if (settings.SiloPort == settings.GatewayPort) Fail(nameof(settings.GatewayPort), $"must differ from SiloPort ({settings.SiloPort})");
        if (DeviceList.TryParse(settings.Devices, out _) is { } deviceError) Fail(nameof(settings.Devices), deviceError);
        if (settings.CheckpointStore is { } store)
        {
            try { AdaFtr.Checkpoints.CheckpointStores.Open(store); }
            catch (ArgumentException e) { Fail(nameof(settings.CheckpointStore), e.Message); }
        }
        if (settings.ProbeTimeoutSeconds is < 1 or > 300) Fail(nameof(settings.ProbeTimeoutSeconds), $"{settings.ProbeTimeoutSeconds} must be between 1 and 300");

        bool tls = settings.TlsCertificate is not null;
        if (tls && TlsProblem(settings) is { } tlsProblem) Fail(nameof(settings.TlsCertificate), tlsProblem);
        if (!tls && settings.TlsKey is not null) Fail(nameof(settings.TlsKey), "is set without TlsCertificate");
        // Anything that leaves the machine is encrypted and authenticated; plain TCP is for one machine's own silos.
        if (!tls && IPAddress.TryParse(settings.ListenAddress, out var listen) && !IPAddress.IsLoopback(listen))
            Fail(nameof(settings.ListenAddress), $"listens beyond loopback ({settings.ListenAddress}): set TlsCertificate (--tls-certificate, env ADAFTR_SILO__TLSCERTIFICATE) for mutual TLS between silos and clients");

        if (!Uri.TryCreate(settings.DashboardUrl, UriKind.Absolute, out var dashboard) || dashboard.Scheme is not ("http" or "https"))
            Fail(nameof(settings.DashboardUrl), $"'{settings.DashboardUrl}' is not an http(s) URL");
        else if (dashboard.Scheme == "https" && !tls)
            Fail(nameof(settings.DashboardUrl), "https needs TlsCertificate: the dashboard serves HTTPS with the cluster certificate");
        else if (!IsLoopback(dashboard.Host) && dashboard.Scheme != "https")
            Fail(nameof(settings.DashboardUrl), $"listens beyond loopback ({dashboard.Host}): use https:// (with TlsCertificate), so that its basic-auth password never crosses the network in clear");
        else if (!IsLoopback(dashboard.Host) && (string.IsNullOrEmpty(settings.DashboardUser) || string.IsNullOrEmpty(settings.DashboardPassword)))
            Fail(nameof(settings.DashboardUrl), $"listens beyond loopback ({dashboard.Host}): set DashboardUser and DashboardPassword for basic auth");
        return errors;
    }

    private static void ValidateAzureStorage(SiloSettings settings, Action<string, string> fail)
    {
        bool inline = !string.IsNullOrWhiteSpace(settings.AzureStorage), inFile = !string.IsNullOrWhiteSpace(settings.AzureStorageFile);
        if (inline && inFile)
        {
            fail(nameof(settings.AzureStorageFile), "give the connection string either inline (AzureStorage) or in a file (AzureStorageFile), not both");
            return;
        }
        if (!inline && !inFile)
        {
            fail(nameof(settings.AzureStorage), "azure clustering needs an Azure Storage connection string (flag --azure-storage-file FILE, env ADAFTR_SILO__AZURESTORAGE or ADAFTR_SILO__AZURESTORAGEFILE)");
            return;
        }
        var field = inFile ? nameof(settings.AzureStorageFile) : nameof(settings.AzureStorage);
        string connection;
        try { connection = AzureStorageConnection.Read(settings); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            fail(field, $"cannot read {settings.AzureStorageFile}: {e.Message}");
            return;
        }
        if (AzureStorageConnection.Problem(connection) is { } problem) fail(field, problem);
    }

    /// <summary>Why the configured certificate cannot be used, or null: it is loaded here once, so that a bad file stops the silo at start.</summary>
    private static string? TlsProblem(SiloSettings settings)
    {
        if (settings.TlsPasswordFile is { } passwordFile && !File.Exists(passwordFile))
            return $"TlsPasswordFile {passwordFile} does not exist";
        try
        {
            using var certificate = ClusterCertificate.Load(settings.TlsCertificate!, settings.TlsKey, ClusterCertificate.Password(settings.TlsPassword, settings.TlsPasswordFile));
            return null;
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
