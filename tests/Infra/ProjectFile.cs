using System.Xml.Linq;

namespace AdaFtr.Infra.Tests;

/// <summary>A .csproj as the architecture map sees it: its name, its path from the repository root, and what it references.</summary>
/// <param name="ProjectReferences">The names (file name without .csproj) of the projects it references.</param>
/// <param name="PackageReferences">The ids of the packages it references.</param>
public sealed record ProjectFile(string Name, string RelativePath, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> PackageReferences)
{
    /// <summary>Folders that hold no project of ours: build output, installed tools, git.</summary>
    private static readonly string[] Skipped = ["bin", "obj", "node_modules", "artifacts"];

    public static ProjectFile Load(string relativePath)
    {
        var items = XDocument.Load(Path.Combine(Repo.Root, relativePath)).Descendants().ToList();
        string[] Includes(string item) => items.Where(e => e.Name.LocalName == item).Select(e => (string?)e.Attribute("Include"))
            .OfType<string>().ToArray();
        var references = Includes("ProjectReference").Select(include => include.Contains("$(", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"{relativePath}: ProjectReference {include}: write it as a relative path, which the architecture map can follow")
            : Path.GetFileNameWithoutExtension(include.Replace('\\', '/'))).ToList();
        return new(Path.GetFileNameWithoutExtension(relativePath), relativePath, references, Includes("PackageReference"));
    }

    /// <summary>Every .csproj in the repository, outside build output and dot-folders.</summary>
    public static IReadOnlyList<ProjectFile> All() =>
        Directory.EnumerateFiles(Repo.Root, "*.csproj", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repo.Root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').SkipLast(1).Any(folder => folder.StartsWith('.') || Skipped.Contains(folder)))
            .Order(StringComparer.Ordinal).Select(Load).ToList();
}
