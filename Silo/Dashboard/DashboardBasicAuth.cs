using System.Security.Cryptography;
using System.Text;

namespace AdaFtr.Silo.Dashboard;

/// <summary>
/// HTTP basic auth in front of everything the silo serves (dashboard, job page) when a user and
/// password are configured. <see cref="Configuration.SiloSettingsValidator"/> demands both when the
/// dashboard listens beyond loopback; without this the credentials would be checked for presence only.
/// </summary>
public static class DashboardBasicAuth
{
    public const string Challenge = "Basic realm=\"adaftr\", charset=\"UTF-8\"";

    public static IApplicationBuilder UseDashboardBasicAuth(this IApplicationBuilder app, string user, string password) =>
        app.Use((context, next) => HandleAsync(context, next, user, password));

    public static Task HandleAsync(HttpContext context, RequestDelegate next, string user, string password)
    {
        // Probes ask for health without credentials; the answer names no secret.
        if (context.Request.Path == Health.HealthEndpoint.Path || Allows(context.Request.Headers.Authorization, user, password)) return next(context);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = Challenge;
        return Task.CompletedTask;
    }

    /// <summary>Whether an <c>Authorization</c> header carries exactly this user and password.</summary>
    public static bool Allows(string? authorization, string user, string password)
    {
        const string scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        int colon = decoded.IndexOf(':');
        if (colon < 0) return false;
        // Both compared, in constant time for equal lengths: the answer's timing says nothing about which part was wrong.
        bool userMatches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded[..colon]), Encoding.UTF8.GetBytes(user));
        bool passwordMatches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded[(colon + 1)..]), Encoding.UTF8.GetBytes(password));
        return userMatches & passwordMatches;
    }
}
