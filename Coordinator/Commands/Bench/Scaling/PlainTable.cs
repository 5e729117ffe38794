namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>Rows of figures as plain text, each column right-aligned to its widest cell, as the other bench verbs print.</summary>
public sealed class PlainTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public PlainTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length) throw new ArgumentException($"{cells.Length} cells for {headers.Length} columns", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    public void Write(TextWriter output, string indent = "  ")
    {
        var widths = headers.Select((h, c) => _rows.Select(r => r[c].Length).Prepend(h.Length).Max()).ToArray();
        foreach (var row in _rows.Prepend(headers))
            output.WriteLine(indent + string.Join("  ", row.Select((cell, c) => cell.PadLeft(widths[c]))).TrimEnd());
    }
}
