namespace AdaFtr.Shards.Tests;

/// <summary>Where the repository and its bundled data samples are, found from the test binary's folder.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>A real data sample bundled in the repository's data/ (a clone has it; ../shared is reading material, not a test input).</summary>
    public static string BundledData(params string[] parts)
    {
        var path = Path.Combine([RepoRoot, "data", .. parts]);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: the repository bundles its data samples in data/");
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdaFtr.Distributed.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no AdaFtr.Distributed.sln above {AppContext.BaseDirectory}");
    }
}
