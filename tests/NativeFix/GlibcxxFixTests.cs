using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace AdaFtr.NativeFix.Tests;

[Trait("Category", "NativeFix")]
public sealed class GlibcxxFixTests : IDisposable
{
    private const string IosInit = "_ZSt21ios_base_library_initv";
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-nativefix-").FullName;

    private static readonly string Original = typeof(GlibcxxFixTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OriginalLibTorchSharp").Value!;

    /// <summary>What Debian 12's libstdc++ (GCC 12) defines: GLIBCXX_3.4 … 3.4.30 and CXXABI_1.3 … 1.3.13.</summary>
    private static readonly IReadOnlySet<string> Gcc12 = Enumerable.Range(0, 31).Select(i => i == 0 ? "GLIBCXX_3.4" : $"GLIBCXX_3.4.{i}")
        .Concat(Enumerable.Range(0, 14).Select(i => i == 0 ? "CXXABI_1.3" : $"CXXABI_1.3.{i}"))
        .ToHashSet();

    private static readonly IReadOnlySet<string> Gcc13 = Gcc12.Concat(["GLIBCXX_3.4.31", "GLIBCXX_3.4.32", "CXXABI_1.3.14"]).ToHashSet();

    private string CopyOfOriginal()
    {
        File.Exists(Original).Should().BeTrue($"the restored TorchSharp package holds {Original}");
        var copy = Path.Combine(_folder, "libLibTorchSharp.so");
        File.Copy(Original, copy, overwrite: true);
        return copy;
    }

    [Fact]
    public void The_shipped_library_needs_GLIBCXX_3_4_32_strictly_for_one_symbol()
    {
        var tables = VersionTables.Read(Original);
        tables.NeedFlags["GLIBCXX_3.4.32"].Should().Be(0);
        tables.SymbolVersion.Where(s => (s.Value & 0x7fff) == tables.NeedIndex["GLIBCXX_3.4.32"]).Select(s => s.Key)
            .Should().Equal(IosInit);
    }

    [Fact]
    public void An_old_libstdcxx_gets_the_need_made_weak_and_the_symbol_unversioned()
    {
        var path = CopyOfOriginal();
        var decision = LibraryFixer.FixInPlace(path, Gcc12);

        decision.Outcome.Should().Be(FixOutcome.Applied);
        decision.MissingVersions.Should().Equal("GLIBCXX_3.4.32");
        var tables = VersionTables.Read(path);
        (tables.NeedFlags["GLIBCXX_3.4.32"] & 0x2).Should().Be(0x2, "VER_FLG_WEAK is set");
        tables.SymbolVersion[IosInit].Should().Be(1, "VER_NDX_GLOBAL");
        var untouched = VersionTables.Read(Original);
        tables.NeedFlags.Where(kv => kv.Key != "GLIBCXX_3.4.32").Should().BeEquivalentTo(untouched.NeedFlags.Where(kv => kv.Key != "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void The_edit_changes_at_most_four_bytes_and_nothing_else()
    {
        var path = CopyOfOriginal();
        LibraryFixer.FixInPlace(path, Gcc12);
        var before = File.ReadAllBytes(Original);
        var after = File.ReadAllBytes(path);
        after.Length.Should().Be(before.Length);
        Enumerable.Range(0, before.Length).Count(i => before[i] != after[i]).Should().BeInRange(2, 4);
    }

    [Fact]
    public void A_second_run_sees_the_fix_already_applied_and_leaves_the_file_alone()
    {
        var path = CopyOfOriginal();
        LibraryFixer.FixInPlace(path, Gcc12);
        var once = SHA256.HashData(File.ReadAllBytes(path));
        LibraryFixer.FixInPlace(path, Gcc12).Outcome.Should().Be(FixOutcome.AlreadyApplied);
        SHA256.HashData(File.ReadAllBytes(path)).Should().Equal(once);
    }

    [Fact]
    public void A_new_enough_libstdcxx_gets_the_original_untouched()
    {
        var path = CopyOfOriginal();
        LibraryFixer.FixInPlace(path, Gcc13).Outcome.Should().Be(FixOutcome.NotNeeded);
        File.ReadAllBytes(path).Should().Equal(File.ReadAllBytes(Original));
    }

    [Fact]
    public void Any_other_missing_version_is_refused_with_what_to_install()
    {
        var path = CopyOfOriginal();
        var older = Gcc12.Where(v => v != "GLIBCXX_3.4.30" && v != "GLIBCXX_3.4.29").ToHashSet();
        var decision = LibraryFixer.FixInPlace(path, older);
        decision.Outcome.Should().Be(FixOutcome.CannotFix);
        decision.Reason.Should().Contain("GCC 13");
        File.ReadAllBytes(path).Should().Equal(File.ReadAllBytes(Original));
    }

    [Fact]
    public void A_hard_link_into_the_package_cache_is_replaced_never_written_through()
    {
        var cacheCopy = CopyOfOriginal();
        var output = Path.Combine(_folder, "output.so");
        Link(cacheCopy, output);
        LibraryFixer.FixInPlace(output, Gcc12).Outcome.Should().Be(FixOutcome.Applied);
        File.ReadAllBytes(cacheCopy).Should().Equal(File.ReadAllBytes(Original), "the cache's bytes never change");
        VersionTables.Read(output).SymbolVersion[IosInit].Should().Be(1);
    }

    [Fact]
    public void The_real_system_libstdcxx_decides_as_its_version_strings_say()
    {
        var system = SystemLibStdCxx.Locate();
        system.Should().NotBeNull("Debian always has libstdc++6");
        bool has32 = Encoding.ASCII.GetString(File.ReadAllBytes(system!)).Contains("GLIBCXX_3.4.32\0");
        var decision = GlibcxxFix.Decide(ElfImage.Load(Original), SystemLibStdCxx.VersionsDefinedBy(system!));
        decision.Outcome.Should().Be(has32 ? FixOutcome.NotNeeded : FixOutcome.Applied);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(4096)]
    public void A_truncated_file_is_an_error_naming_the_file(int length)
    {
        var path = Path.Combine(_folder, "truncated.so");
        File.WriteAllBytes(path, File.ReadAllBytes(Original).Take(length).ToArray());
        var act = () => ElfImage.Load(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"{path}:*");
    }

    private static void Link(string existing, string newPath)
    {
        var process = System.Diagnostics.Process.Start("ln", [existing, newPath]);
        process.WaitForExit();
        process.ExitCode.Should().Be(0);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
