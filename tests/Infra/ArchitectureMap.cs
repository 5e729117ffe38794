namespace AdaFtr.Infra.Tests;

/// <summary>
/// The table "Project references" of docs/architecture.md: for each project, its .csproj and the projects it
/// references, exactly. <see cref="Problems"/> holds the repository's projects against it.
/// </summary>
public sealed class ArchitectureMap
{
    public const string Heading = "## Project references";

    /// <summary>One row: <c>| project | `file` | references, or none |</c>, and its line in the page.</summary>
    public sealed record Row(string Project, string File, IReadOnlySet<string> References, int Line);

    private ArchitectureMap(string source, IReadOnlyList<Row> rows) => (Source, Rows) = (source, rows);

    public string Source { get; }
    public IReadOnlyList<Row> Rows { get; }

    /// <exception cref="FormatException">naming the line, when the section or a row is not as described.</exception>
    public static ArchitectureMap Parse(string source, string markdown)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int start = lines.IndexOf(Heading);
        if (start < 0) throw new FormatException($"{source}: no section '{Heading}' with the table of project references");
        var rows = new List<Row>();
        for (int i = start + 1; i < lines.Count && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            if (!lines[i].StartsWith('|')) continue;
            var cells = lines[i].Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length != 3) throw new FormatException($"{source}:{i + 1}: a row of the table needs three cells, project | file | references");
            if (cells[0] == "project" || cells[0].StartsWith("---", StringComparison.Ordinal)) continue;
            var references = cells[2] == "none" ? [] : cells[2].Split(',').Select(r => r.Trim()).ToHashSet(StringComparer.Ordinal);
            if (references.Contains("")) throw new FormatException($"{source}:{i + 1}: an empty name among the references of {cells[0]}; write 'none' when it has none");
            if (rows.Any(r => r.Project == cells[0])) throw new FormatException($"{source}:{i + 1}: {cells[0]} has a row already");
            rows.Add(new Row(cells[0], cells[1].Trim('`'), references, i + 1));
        }
        if (rows.Count == 0) throw new FormatException($"{source}:{start + 1}: the section '{Heading}' has no table rows");
        return new ArchitectureMap(source, rows);
    }

    /// <summary>Every way the projects and the table disagree, one line each, saying what to change.</summary>
    public IReadOnlyList<string> Problems(IEnumerable<ProjectFile> projects)
    {
        var problems = new List<string>();
        var byName = Rows.ToDictionary(r => r.Project, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            seen.Add(project.Name);
            if (!byName.TryGetValue(project.Name, out var row))
            {
                problems.Add($"{project.RelativePath}: {project.Name} has no row in {Source}'s table '{Heading}'; add one with its references");
                continue;
            }
            if (row.File != project.RelativePath)
                problems.Add($"{Source}:{row.Line}: {project.Name} is {project.RelativePath}, not {row.File}");
            foreach (var reference in project.ProjectReferences.Where(r => !row.References.Contains(r)))
                problems.Add($"{project.RelativePath}: references {reference}, which {project.Name}'s row in {Source} (line {row.Line}) does not list; " +
                    "remove the reference, or, if the dependency is meant and keeps the layers pointing down, add it to the row");
            foreach (var reference in row.References.Where(r => !project.ProjectReferences.Contains(r)))
                problems.Add($"{Source}:{row.Line}: says {project.Name} references {reference}, but {project.RelativePath} does not; remove it from the row");
        }
        foreach (var row in Rows.Where(r => !seen.Contains(r.Project)))
            problems.Add($"{Source}:{row.Line}: {row.Project} ({row.File}) is no project in the repository; remove the row or correct it");
        return problems;
    }
}
