using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace AdaFtr.Silo.JobPage;

/// <summary>Basic authentication for the dashboard, the job page and its JSON, when a user and password are configured.</summary>
public static class BasicAuth
{
    public static void UseBasicAuth(this WebApplication app, string user, string password)
    {
        var expected = Encoding.UTF8.GetBytes($"{user}:{password}");
        app.Use(async (context, next) =>
        {
            if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
                && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)
                && TryDecode(header.Parameter, out var given)
                && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"adaftr\"";
        });
    }

    private static bool TryDecode(string? parameter, out byte[] bytes)
    {
        bytes = [];
        if (parameter is null) return false;
        try { bytes = Convert.FromBase64String(parameter); return true; }
        catch (FormatException) { return false; }
    }
}
