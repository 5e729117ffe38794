namespace AdaFtr.Coordinator.Console;

/// <summary>
/// What a writer can show. Live widgets (progress bars) only on an interactive terminal; colour
/// only there, and only while NO_COLOR is unset or empty (https://no-color.org). Redirected output
/// (pipes, CI logs, tests) is plain text that grep and awk can read.
/// </summary>
public sealed record OutputStyle(bool Interactive, bool Colour)
{
    public static OutputStyle Of(TextWriter writer) =>
        Of(IsTerminal(writer), Environment.GetEnvironmentVariable("NO_COLOR"), Environment.GetEnvironmentVariable("TERM"));

    public static OutputStyle Of(bool terminal, string? noColor, string? term)
    {
        bool interactive = terminal && term != "dumb";
        return new OutputStyle(interactive, interactive && string.IsNullOrEmpty(noColor));
    }

    // Tests and embedding programs hand in their own writers: only the process's own streams can be a terminal.
    private static bool IsTerminal(TextWriter writer) =>
        ReferenceEquals(writer, System.Console.Out) ? !System.Console.IsOutputRedirected
        : ReferenceEquals(writer, System.Console.Error) && !System.Console.IsErrorRedirected;
}
