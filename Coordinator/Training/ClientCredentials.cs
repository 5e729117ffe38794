using System.Security.Cryptography.X509Certificates;
using AdaFtr.Silo.Security;

namespace AdaFtr.Coordinator.Training;

/// <summary>
/// What a client of a remote cluster proves and unlocks with, taken from the environment or files, never from its
/// command line (where `ps` shows it to every user): the cluster certificate for mutual TLS to the gateways
/// (<c>ADAFTR_TLS_CERTIFICATE</c>, <c>ADAFTR_TLS_KEY</c>, <c>ADAFTR_TLS_PASSWORD</c> or <c>ADAFTR_TLS_PASSWORD_FILE</c>)
/// and the Redis password (<c>ADAFTR_REDIS_PASSWORD</c> or <c>ADAFTR_REDIS_PASSWORD_FILE</c>).
/// </summary>
public sealed record ClientCredentials(X509Certificate2? Certificate, string? RedisPassword)
{
    public const string TlsCertificateVariable = "ADAFTR_TLS_CERTIFICATE";
    public const string TlsKeyVariable = "ADAFTR_TLS_KEY";
    public const string TlsPasswordVariable = "ADAFTR_TLS_PASSWORD";
    public const string TlsPasswordFileVariable = "ADAFTR_TLS_PASSWORD_FILE";
    public const string RedisPasswordVariable = "ADAFTR_REDIS_PASSWORD";
    public const string RedisPasswordFileVariable = "ADAFTR_REDIS_PASSWORD_FILE";

    /// <exception cref="UserError">A named file is missing or holds no usable certificate; the message names the variable.</exception>
    public static ClientCredentials FromEnvironment(Func<string, string?> variable)
    {
        X509Certificate2? certificate = null;
        if (variable(TlsCertificateVariable) is { Length: > 0 } path)
        {
            try { certificate = ClusterCertificate.Load(path, variable(TlsKeyVariable) is { Length: > 0 } key ? key : null, Secret(variable, TlsPasswordVariable, TlsPasswordFileVariable)); }
            catch (InvalidDataException e) { throw new UserError($"{TlsCertificateVariable}: {e.Message}", ExitCodes.Environment); }
        }
        return new ClientCredentials(certificate, RedisPasswordFrom(variable));
    }

    /// <summary>The Redis password alone (a cluster address needs no certificate).</summary>
    public static string? RedisPasswordFrom(Func<string, string?> variable) => Secret(variable, RedisPasswordVariable, RedisPasswordFileVariable);

    private static string? Secret(Func<string, string?> variable, string valueName, string fileName)
    {
        if (variable(valueName) is { Length: > 0 } value) return value;
        if (variable(fileName) is not { Length: > 0 } file) return null;
        if (!File.Exists(file)) throw new UserError($"{fileName}: {file} does not exist", ExitCodes.Environment);
        return File.ReadAllText(file).TrimEnd('\r', '\n');
    }
}
