using Spectre.Console;

namespace AdaFtr.Coordinator.Console;

/// <summary>
/// A command's writer as a Spectre console, drawn as its <see cref="OutputStyle"/> allows: escape
/// codes only on a terminal, so what tests and pipes capture is the same text as before.
/// </summary>
public sealed class CliConsole
{
    // Redirected tables land in logs and in grep: no row should wrap there.
    private const int RedirectedWidth = 1000;
    private readonly TextWriter _writer;

    public CliConsole(TextWriter writer, OutputStyle style)
    {
        _writer = writer;
        Style = style;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = style.Interactive ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = style.Colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = style.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!style.Interactive) Ansi.Profile.Width = RedirectedWidth;
    }

    public static CliConsole For(TextWriter writer) => new(writer, OutputStyle.Of(writer));

    public OutputStyle Style { get; }

    public IAnsiConsole Ansi { get; }

    /// <summary>
    /// Plain text, never read as markup: safe for paths and messages with brackets. On a terminal it
    /// goes through Spectre, which prints it above a live bar; elsewhere straight to the writer, unwrapped.
    /// </summary>
    public void Line(string text)
    {
        if (Style.Interactive) Ansi.WriteLine(text);
        else _writer.WriteLine(text);
    }
}
