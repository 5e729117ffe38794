using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AdaFtr.Infra.Tests;

/// <summary>
/// The cluster certificate is a secret mounted at deploy time, so its files are not in the repository. The silo's
/// validator loads the files it is given; the checks give it a generated certificate in their place, so that what is
/// checked is the settings, not a secret's content.
/// </summary>
public static class StandInCertificate
{
    private static readonly Lazy<(string Certificate, string Key)> Files = new(Write);

    /// <summary>The stand-in file for a silo variable that names a certificate file, else null.</summary>
    public static string? For(string variable) => variable.ToUpperInvariant() switch
    {
        "ADAFTR_SILO__TLSCERTIFICATE" => Files.Value.Certificate,
        "ADAFTR_SILO__TLSKEY" => Files.Value.Key,
        _ => null,
    };

    private static (string, string) Write()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=adaftr-stand-in", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var folder = Path.Combine(Path.GetTempPath(), $"adaftr-infra-tls-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        var (certificatePath, keyPath) = (Path.Combine(folder, "tls.crt"), Path.Combine(folder, "tls.key"));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
