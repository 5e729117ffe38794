namespace AdaFtr.Silo.Configuration;

/// <summary>
/// Everything a silo is told, from one place: a JSON file (<c>--config</c>, section "Silo"), then
/// environment variables (<c>ADAFTR_SILO__CLUSTERING</c>, ...), then flags (<c>--clustering</c>, ...),
/// later sources winning. <see cref="SiloSettingsValidator"/> checks it once, naming the field.
/// </summary>
public sealed class SiloSettings
{
    public const string Section = "Silo";

    /// <summary>
    /// <c>localhost</c> (default: one machine, silos join the primary silo), <c>redis</c>, or <c>azure</c> (membership,
    /// schedule and job state, and reminders in the Table storage of <see cref="AzureStorage"/>).
    /// </summary>
    public string Clustering { get; set; } = "localhost";

    /// <summary>
    /// On Kubernetes, with redis or azure clustering: the silo is named after its pod and watches the pods of
    /// its cluster, so a silo whose pod is deleted is declared dead at once, not after missed probes.
    /// Reads POD_NAME and POD_NAMESPACE; needs a role that may get, list, watch and patch pods. Default false.
    /// </summary>
    public bool KubernetesHosting { get; set; }

    /// <summary>StackExchange.Redis configuration, e.g. <c>127.0.0.1:6379,password=...</c>. Required for redis clustering; never logged.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// Azure Storage connection string of the account whose tables hold the cluster (azure clustering), e.g.
    /// <c>DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...</c>. Never logged. Give it or <see cref="AzureStorageFile"/>.
    /// </summary>
    public string? AzureStorage { get; set; }

    /// <summary>A file holding <see cref="AzureStorage"/> (e.g. a mounted Kubernetes secret), so the key is in neither argv nor the environment.</summary>
    public string? AzureStorageFile { get; set; }

    /// <summary>Silos with the same cluster id form one cluster. Default <c>adaftr</c>.</summary>
    public string ClusterId { get; set; } = "adaftr";

    /// <summary>Identifies the service across cluster restarts (reminders, state). Default <c>adaftr</c>.</summary>
    public string ServiceId { get; set; } = "adaftr";

    /// <summary>Address silo-to-silo and gateway endpoints bind and advertise. Default 127.0.0.1: nothing is reachable from outside unless configured.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>localhost clustering only: the silo port of the first silo, which the others join. Default: this silo's own port.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary><c>auto</c> (every CUDA device, else the CPU), <c>cpu</c>, or a list such as <c>cuda:0,cuda:1</c>.</summary>
    public string Devices { get; set; } = "auto";

    /// <summary>
    /// Checkpoint store of the jobs this cluster runs (a folder every silo sees, <c>az://container/folder</c>, or
    /// <c>https://ACCOUNT.blob.core.windows.net/container/folder</c>): a job grain that reactivates after its silo died
    /// resumes by itself from its newest valid checkpoint there. Default none: a job resumes when it is started again.
    /// </summary>
    public string? CheckpointStore { get; set; }

    /// <summary>Seconds a silo waits for a peer's liveness probe; two missed probes start its death declaration. Default 2.</summary>
    public int ProbeTimeoutSeconds { get; set; } = 2;

    /// <summary>Where the dashboard and job page listen. Default http://127.0.0.1:8080.</summary>
    public string DashboardUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Basic-auth user for the dashboard; required (with a password) when it listens beyond loopback.</summary>
    public string? DashboardUser { get; set; }

    /// <summary>Basic-auth password for the dashboard; never logged.</summary>
    public string? DashboardPassword { get; set; }

    /// <summary>
    /// The cluster certificate: a <c>.pfx</c>/<c>.p12</c> file or a PEM certificate (<c>.pem</c>, <c>.crt</c>), e.g. a
    /// mounted Kubernetes secret. Set: the silo and gateway ports speak mutual TLS and accept only peers holding this
    /// same certificate, and the dashboard can serve HTTPS with it. Default none (plain TCP), allowed on loopback only.
    /// </summary>
    public string? TlsCertificate { get; set; }

    /// <summary>The PEM private key of <see cref="TlsCertificate"/> when it is a separate file. Default none.</summary>
    public string? TlsKey { get; set; }

    /// <summary>Password of the PFX or encrypted PEM key; from the environment (ADAFTR_SILO__TLSPASSWORD) only, never a flag. Never logged.</summary>
    public string? TlsPassword { get; set; }

    /// <summary>A file whose first line is the certificate's password (a mounted secret), when <see cref="TlsPassword"/> is unset.</summary>
    public string? TlsPasswordFile { get; set; }

    /// <summary>
    /// Test mode: jobs may carry <c>Faults</c> (injected failures). Default false, and a job spec with faults is refused.
    /// Set from the environment only (ADAFTR_SILO__ALLOWFAULTS=true), so that `adaftr cluster up` run by a test passes it to its silos.
    /// </summary>
    public bool AllowFaults { get; set; }
}
