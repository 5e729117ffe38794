using System.Text;

namespace AdaFtr.Coordinator.Console;

/// <summary>
/// A TextWriter whose lines go through a <see cref="CliConsole"/>: code that logs to a writer can
/// run under a live progress bar, and its lines are printed above the bar instead of through it.
/// </summary>
public sealed class ConsoleLineWriter(CliConsole console) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\r') return;
        if (value != '\n')
        {
            _line.Append(value);
            return;
        }
        console.Line(_line.ToString());
        _line.Clear();
    }

    public override void WriteLine(string? value)
    {
        _line.Append(value);
        Write('\n');
    }
}
