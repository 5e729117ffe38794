namespace AdaFtr.NativeFix;

internal enum FixOutcome { NotNeeded, AlreadyApplied, Applied, CannotFix }

internal sealed record FixDecision(FixOutcome Outcome, string Reason, IReadOnlyList<string> MissingVersions);

/// <summary>
/// Decides whether a <c>libLibTorchSharp.so</c> can load against a given libstdc++, and relaxes
/// it when the only gap is the one GCC 13 introduced: <c>GLIBCXX_3.4.32</c>, needed for
/// <c>std::ios_base_library_init()</c>. GCC 13's <c>&lt;iostream&gt;</c> references that symbol
/// only to pin the library version (older libstdc++ initialises the streams through a static
/// <c>ios_base::Init</c> in every translation unit instead), so no relocation uses it. Two edits
/// make the file load: the version need is marked weak (<c>VER_FLG_WEAK</c>, so ld.so does not
/// insist on it) and the symbol's version index becomes global (so nothing asks for 3.4.32).
/// </summary>
internal static class GlibcxxFix
{
    private const string LibStdCxx = "libstdc++.so.6";

    private static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> RelaxableVersions =
        new Dictionary<string, IReadOnlySet<string>>
        {
            ["GLIBCXX_3.4.32"] = new HashSet<string> { "_ZSt21ios_base_library_initv" },
        };

    public static FixDecision Decide(ElfImage library, IReadOnlySet<string> providedVersions)
    {
        var missing = library.NeededVersions()
            .Where(v => v.File == LibStdCxx && !providedVersions.Contains(v.Name))
            .ToList();
        var names = missing.Select(v => v.Name).ToList();
        if (missing.Count == 0)
            return new FixDecision(FixOutcome.NotNeeded, "the system libstdc++ provides every version it needs", names);

        var strict = missing.Where(v => !v.IsWeak).ToList();
        if (strict.Count == 0)
            return new FixDecision(FixOutcome.AlreadyApplied, $"already relaxed: {string.Join(", ", names)} marked weak", names);

        var relocated = library.RelocatedSymbolIndices();
        foreach (var need in strict)
        {
            if (!RelaxableVersions.TryGetValue(need.Name, out var allowed))
                return new FixDecision(FixOutcome.CannotFix,
                    $"the system libstdc++ lacks {need.Name}, which cannot be relaxed safely; install a libstdc++ from GCC 13 or newer (e.g. a newer distribution)", names);
            foreach (var symbol in library.SymbolsWithVersion(need.Index))
            {
                if (!allowed.Contains(symbol.Name) || relocated.Contains(symbol.SymbolIndex))
                    return new FixDecision(FixOutcome.CannotFix,
                        $"{symbol.Name}@{need.Name} is used for real (not only as a version pin); install a libstdc++ from GCC 13 or newer", names);
            }
        }
        return new FixDecision(FixOutcome.Applied, $"the system libstdc++ lacks {string.Join(", ", strict.Select(v => v.Name))}; relaxed that need", names);
    }

    /// <summary>Edits <paramref name="library"/>'s bytes in memory; call only after <see cref="Decide"/> said <see cref="FixOutcome.Applied"/>.</summary>
    public static void Apply(ElfImage library, IReadOnlySet<string> providedVersions)
    {
        var strict = library.NeededVersions()
            .Where(v => v.File == LibStdCxx && !providedVersions.Contains(v.Name) && !v.IsWeak)
            .ToList();
        foreach (var need in strict)
        {
            library.WriteU16(need.FlagsOffset, (ushort)(need.Flags | ElfImage.VerFlagWeak));
            foreach (var symbol in library.SymbolsWithVersion(need.Index))
                library.WriteU16(symbol.VersymOffset, ElfImage.VerIndexGlobal);
        }
    }
}
