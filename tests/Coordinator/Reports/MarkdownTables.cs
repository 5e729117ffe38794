namespace AdaFtr.Coordinator.Tests.Reports;

/// <summary>Reads a table back out of a markdown report: the body rows under a "## title" heading.</summary>
internal static class MarkdownTables
{
    public static IReadOnlyList<string[]> Rows(string markdown, string title)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int heading = lines.IndexOf($"## {title}");
        if (heading < 0) throw new ArgumentException($"no section '## {title}' in the report:\n{markdown}");
        return lines.Skip(heading + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2)
            .Select(l => l.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray()).ToList();
    }
}
