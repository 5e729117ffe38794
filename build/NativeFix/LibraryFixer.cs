namespace AdaFtr.NativeFix;

internal static class LibraryFixer
{
    /// <summary>
    /// Decides and, when needed, rewrites the file at <paramref name="path"/>. The new bytes go to
    /// a temporary file that then replaces the old name, so a file that is a hard link into the
    /// NuGet cache is left unchanged there: only this folder's entry points at the fixed copy.
    /// </summary>
    public static FixDecision FixInPlace(string path, IReadOnlySet<string> providedVersions)
    {
        var image = ElfImage.Load(path);
        var decision = GlibcxxFix.Decide(image, providedVersions);
        if (decision.Outcome != FixOutcome.Applied) return decision;
        GlibcxxFix.Apply(image, providedVersions);
        var temporary = path + ".fixing";
        File.WriteAllBytes(temporary, image.Bytes);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
        File.Move(temporary, path, overwrite: true);
        return decision;
    }
}
