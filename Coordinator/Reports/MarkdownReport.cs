using System.Text;

namespace AdaFtr.Coordinator.Reports;

/// <summary>A <see cref="ReportDocument"/> as markdown; charts are linked by their file name (they lie beside it).</summary>
public static class MarkdownReport
{
    public static string Render(ReportDocument document)
    {
        var text = new StringBuilder();
        text.AppendLine($"# {document.Title}").AppendLine().AppendLine(document.Summary);
        foreach (var table in document.Tables)
        {
            text.AppendLine().AppendLine($"## {table.Title}").AppendLine();
            if (table.Note is not null) text.AppendLine($"{Capitalized(table.Note)}.").AppendLine();
            if (table.Rows.Count == 0) continue;
            text.AppendLine(Row(table.Headers));
            text.AppendLine(Row(table.Headers.Select((_, i) => i == 0 || !table.Numeric ? "---" : "---:")));
            foreach (var row in table.Rows) text.AppendLine(Row(row));
        }
        foreach (var image in document.Images)
            text.AppendLine().AppendLine($"## {image.Title}").AppendLine().AppendLine($"![{image.Title}]({image.File})");
        return text.ToString();
    }

    private static string Row(IEnumerable<string> cells) => $"| {string.Join(" | ", cells.Select(c => c.Replace("|", "\\|")))} |";

    private static string Capitalized(string note) => note.Length == 0 ? note : char.ToUpperInvariant(note[0]) + note[1..];
}
