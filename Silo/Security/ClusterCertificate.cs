using System.Security.Cryptography.X509Certificates;

namespace AdaFtr.Silo.Security;

/// <summary>
/// The certificate every silo and client of one cluster holds (a PFX, or a PEM certificate with its key), read from
/// files: a path on disk or a Kubernetes secret mounted as files. Its password comes from the environment or a file,
/// never from a command line, where any user of the machine could read it.
/// </summary>
public static class ClusterCertificate
{
    /// <param name="certificatePath">A <c>.pfx</c>/<c>.p12</c> file, or a PEM certificate (<c>.pem</c>, <c>.crt</c>).</param>
    /// <param name="keyPath">The PEM private key when it is not in <paramref name="certificatePath"/>; null for a PFX or a PEM holding both.</param>
    /// <param name="password">The PFX's password, or the encrypted PEM key's; null when there is none.</param>
    /// <exception cref="InvalidDataException">The files do not hold a certificate with its private key; the message says which file.</exception>
    public static X509Certificate2 Load(string certificatePath, string? keyPath, string? password)
    {
        if (!File.Exists(certificatePath)) throw new InvalidDataException($"{certificatePath} does not exist");
        if (keyPath is not null && !File.Exists(keyPath)) throw new InvalidDataException($"{keyPath} does not exist");
        X509Certificate2 certificate;
        try
        {
            certificate = IsPem(certificatePath)
                ? password is null
                    ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidDataException($"{certificatePath}{(keyPath is null ? "" : $" with key {keyPath}")}: not a certificate this can read ({e.Message}); is the password right?", e);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidDataException($"{certificatePath} holds no private key: a silo proves who it is with it (give the key file too)");
        }
        return certificate;
    }

    /// <summary>The password from the environment (<paramref name="password"/>) or else the first line of <paramref name="passwordFile"/>.</summary>
    public static string? Password(string? password, string? passwordFile) =>
        password ?? (passwordFile is null ? null : File.ReadAllText(passwordFile).TrimEnd('\r', '\n'));

    private static bool IsPem(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".pem" or ".crt" or ".cer";
}
