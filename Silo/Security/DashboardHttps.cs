using System.Security.Cryptography.X509Certificates;

namespace AdaFtr.Silo.Security;

/// <summary>The dashboard and job page over HTTPS with the cluster certificate, for a <c>https://</c> DashboardUrl.</summary>
public static class DashboardHttps
{
    public static void UseClusterCertificateForHttps(this IWebHostBuilder web, X509Certificate2 certificate) =>
        web.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
}
