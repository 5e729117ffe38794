namespace AdaFtr.NativeFix;

/// <summary>Finds the libstdc++ that the dynamic loader will pick for a process started here.</summary>
internal static class SystemLibStdCxx
{
    /// <summary>Overrides the search, for tests and for machines with libstdc++ in an unusual place.</summary>
    public const string OverrideVariable = "ADAFTR_LIBSTDCXX";

    private static readonly string[] StandardDirectories =
    [
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64", "/lib64", "/usr/lib", "/lib",
    ];

    public static string? Locate()
    {
        var overridden = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrEmpty(overridden)) return overridden;
        var fromLdPath = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries);
        return fromLdPath.Concat(StandardDirectories)
            .Select(dir => Path.Combine(dir, "libstdc++.so.6"))
            .FirstOrDefault(File.Exists);
    }

    public static IReadOnlySet<string> VersionsDefinedBy(string path) =>
        ElfImage.Load(path).DefinedVersions().ToHashSet();
}
