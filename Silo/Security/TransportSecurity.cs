using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace AdaFtr.Silo.Security;

/// <summary>
/// Mutual TLS on the silo-to-silo and gateway ports: every end presents the cluster certificate and accepts only a peer
/// presenting that same certificate. Pinning one certificate, not trusting a CA, keeps the rule checkable from the
/// files alone (no trust store in the image); a client without the cluster's certificate cannot complete a handshake.
/// </summary>
public static class TransportSecurity
{
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, X509Certificate2 certificate) =>
        silo.UseTls(certificate, options => Configure(options, certificate));

    public static IClientBuilder UseClusterTls(this IClientBuilder client, X509Certificate2 certificate) =>
        client.UseTls(certificate, options => Configure(options, certificate));

    /// <summary>Whether a peer's certificate is the cluster's own (same thumbprint, so same key).</summary>
    public static bool IsClusterCertificate(X509Certificate2? remote, X509Certificate2 cluster) =>
        remote is not null && remote.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)
            == cluster.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);

    private static void Configure(TlsOptions options, X509Certificate2 certificate)
    {
        options.LocalCertificate = certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // The chain of a self-signed cluster certificate never validates and the host name is an IP: the pin is the check.
        options.RemoteCertificateValidation = (remote, _, _) => IsClusterCertificate(remote, certificate);
    }
}
