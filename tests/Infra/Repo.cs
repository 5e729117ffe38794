namespace AdaFtr.Infra.Tests;

/// <summary>The repository these tests run from, found by walking up to the solution file.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string Path_(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Every YAML file under infra/, relative to the repository root.</summary>
    public static IReadOnlyList<string> YamlFiles() =>
        Directory.EnumerateFiles(Infra, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f)).Order().ToList();

    public static IReadOnlyList<string> Dockerfiles() =>
        Directory.EnumerateFiles(Infra, "*.Dockerfile", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f)).Order().ToList();

    public static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdaFtr.Distributed.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no AdaFtr.Distributed.sln above {AppContext.BaseDirectory}");
    }
}
