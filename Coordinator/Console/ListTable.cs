using Spectre.Console;
using Spectre.Console.Rendering;

namespace AdaFtr.Coordinator.Console;

/// <summary>
/// A list as a table: a rounded box on a terminal; on redirected output no rules at all, a header
/// line and one line per row in aligned columns (as <c>ps</c> or <c>kubectl get</c> print), for grep and awk.
/// </summary>
public sealed class ListTable
{
    private readonly CliConsole _console;
    private readonly Table _table;

    /// <param name="columns">The header; all empty for a table without one (name-value pairs).</param>
    public ListTable(CliConsole console, params string[] columns)
    {
        _console = console;
        _table = new Table { Border = console.Style.Interactive ? TableBorder.Rounded : TableBorder.None, ShowHeaders = columns.Any(c => c.Length > 0) };
        var padding = console.Style.Interactive ? new Padding(1, 0, 1, 0) : new Padding(0, 0, 2, 0);
        foreach (var column in columns) _table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))) { Padding = padding });
    }

    public int Rows => _table.Rows.Count;

    /// <summary>Right-aligns the columns at these indexes: numbers line up.</summary>
    public ListTable Numeric(params int[] columns)
    {
        foreach (int c in columns) _table.Columns[c].RightAligned();
        return this;
    }

    /// <summary>One row; the cells are plain text, never markup.</summary>
    public ListTable Row(params string[] cells)
    {
        _table.AddRow(cells.Select(IRenderable (c) => new Text(c)));
        return this;
    }

    /// <summary>One row in red on a colour terminal (a silo that is down, a failed check).</summary>
    public ListTable Alarm(params string[] cells)
    {
        var red = new Style(Color.Red);
        _table.AddRow(cells.Select(IRenderable (c) => new Text(c, red)));
        return this;
    }

    public void Write()
    {
        if (_console.Style.Interactive)
        {
            _console.Ansi.Write(_table);
            return;
        }
        // Spectre pads every cell to its column's width; trailing blanks only get in the way of a grep for "... up$".
        var text = new StringWriter();
        new CliConsole(text, _console.Style).Ansi.Write(_table);
        foreach (var line in text.ToString().TrimEnd('\n').Split('\n')) _console.Line(line.TrimEnd());
    }
}
