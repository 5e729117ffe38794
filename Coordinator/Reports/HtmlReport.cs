using System.Net;
using System.Text;

namespace AdaFtr.Coordinator.Reports;

/// <summary>A <see cref="ReportDocument"/> as one self-contained HTML file: the charts are embedded (base64), so it can be mailed or archived alone.</summary>
public static class HtmlReport
{
    /// <param name="folder">Where the charts' PNG files are.</param>
    public static string Render(ReportDocument document, string folder)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        html.AppendLine($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{E(document.Title)}</title>
            <style>
              body {"{"} font: 14px system-ui, sans-serif; margin: 24px; color: #222; max-width: 1100px {"}"}
              table {"{"} border-collapse: collapse; margin-bottom: 8px {"}"} td, th {"{"} padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: right {"}"}
              td:first-child, th:first-child, table.text td, table.text th {"{"} text-align: left {"}"} .note {"{"} color: #666 {"}"} img {"{"} max-width: 100% {"}"}
            </style></head><body>
            <h1>{E(document.Title)}</h1>
            <p>{E(document.Summary)}</p>
            """);
        foreach (var table in document.Tables)
        {
            html.AppendLine($"<h2>{E(table.Title)}</h2>");
            if (table.Note is not null) html.AppendLine($"<p class=\"note\">{E(table.Note)}</p>");
            if (table.Rows.Count == 0) continue;
            html.Append(table.Numeric ? "<table><thead><tr>" : "<table class=\"text\"><thead><tr>").AppendJoin("", table.Headers.Select(h => $"<th>{E(h)}</th>")).AppendLine("</tr></thead><tbody>");
            foreach (var row in table.Rows) html.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{E(c)}</td>")).AppendLine("</tr>");
            html.AppendLine("</tbody></table>");
        }
        foreach (var image in document.Images)
        {
            var png = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(folder, image.File)));
            html.AppendLine($"<h2>{E(image.Title)}</h2><img alt=\"{E(image.Title)}\" src=\"data:image/png;base64,{png}\">");
        }
        return html.AppendLine("</body></html>").ToString();
    }
}
