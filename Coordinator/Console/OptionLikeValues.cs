using System.CommandLine;
using System.CommandLine.Parsing;

namespace AdaFtr.Coordinator.Console;

/// <summary>
/// System.CommandLine takes an unknown <c>--flag</c> as the value of an argument or option that has room for one
/// (<c>checkpoints list --json</c> would list a job named "--json"). No value of adaftr's starts with "--", so such a
/// token is a mistyped or unsupported flag, and a usage error.
/// </summary>
public static class OptionLikeValues
{
    /// <returns>The first value token that starts with "--", or null.</returns>
    public static string? FirstIn(ParseResult parsed) =>
        parsed.Tokens.FirstOrDefault(t => t.Type == TokenType.Argument && t.Value.StartsWith("--", StringComparison.Ordinal) && t.Value.Length > 2)?.Value;
}
