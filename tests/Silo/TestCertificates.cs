using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AdaFtr.Silo.Tests;

/// <summary>Self-signed certificates made in the test, written where a silo reads them: a PFX with a password, or PEM files.</summary>
internal static class TestCertificates
{
    public const string Password = "test-pfx-password";

    public static X509Certificate2 Create(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));   // server and client authentication: every silo is both
        var builder = new SubjectAlternativeNameBuilder();
        builder.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(builder.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>The certificate as a password-protected PFX in <paramref name="folder"/>; returns its path.</summary>
    public static string WritePfx(X509Certificate2 certificate, string folder)
    {
        var path = Path.Combine(folder, $"{certificate.GetNameInfo(X509NameType.SimpleName, false)}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }

    /// <summary>The certificate and its unencrypted key as two PEM files, as a Kubernetes TLS secret mounts them.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string folder)
    {
        var certificatePath = Path.Combine(folder, "tls.crt");
        var keyPath = Path.Combine(folder, "tls.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
