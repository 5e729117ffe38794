namespace AdaFtr.Coordinator.Reports;

/// <summary>A table of a report; the first column names the rows. <see cref="Note"/> goes above it.</summary>
/// <param name="Numeric">The columns after the first hold figures (aligned right); false: text (aligned left).</param>
public sealed record ReportTable(string Title, string? Note, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, bool Numeric = true);

/// <summary>A chart of a report: a PNG beside the report files.</summary>
public sealed record ReportImage(string Title, string File);

/// <summary>
/// A report's content, independent of its format: the markdown and the HTML renderings are made
/// from the same document, so they never disagree.
/// </summary>
public sealed record ReportDocument(string Title, string Summary, IReadOnlyList<ReportTable> Tables, IReadOnlyList<ReportImage> Images);
