using System.Text.RegularExpressions;

namespace AdaFtr.Silo.Configuration;

/// <summary>A Redis configuration string fit for logs: the password replaced by <c>***</c>.</summary>
public static partial class RedisDisplay
{
    public static string Redact(string? configuration) =>
        configuration is null ? "(none)" : PasswordPattern().Replace(configuration, "$1***");

    [GeneratedRegex(@"((?:^|,)\s*password\s*=)[^,]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPattern();
}
