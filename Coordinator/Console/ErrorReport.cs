using Spectre.Console;

namespace AdaFtr.Coordinator.Console;

/// <summary>The <c>error: ...</c> line on standard error: "error:" in red on a colour terminal, plain elsewhere.</summary>
public static class ErrorReport
{
    public static void Write(TextWriter error, string message)
    {
        var console = CliConsole.For(error);
        if (console.Style.Colour) console.Ansi.MarkupLine($"[red bold]error:[/] {Markup.Escape(message)}");
        else error.WriteLine($"error: {message}");
    }
}
