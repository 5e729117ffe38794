namespace AdaFtr.Shards.Tests;

/// <summary>Where the repository and the shared data samples are, found from the test binary's folder.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared samples folder beside the repository (CI puts it there).</summary>
    public static string SharedData(params string[] parts)
    {
        var path = Path.Combine([RepoRoot, "..", "shared", "data", .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"{Path.GetFullPath(path)} is missing: the shared data samples must sit beside the repository (../shared/data)");
        return Path.GetFullPath(path);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdaFtr.Distributed.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no AdaFtr.Distributed.sln above {AppContext.BaseDirectory}");
    }
}
