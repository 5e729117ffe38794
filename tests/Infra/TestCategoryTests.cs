using System.Text.RegularExpressions;

namespace AdaFtr.Infra.Tests;

/// <summary><c>./test.sh --category X</c> is only as good as the categories: every test class carries one, and tests/README.md lists each in use.</summary>
[Trait("Category", "Infra")]
public sealed class TestCategoryTests
{
    private static readonly Regex Category = new(@"\[Trait\(""Category"", ""(?<name>[A-Za-z]+)""\)\]");
    private static readonly Regex TestAttribute = new(@"\[(Fact|Theory|SkippableFact|SkippableTheory)\b");

    private static IEnumerable<string> TestSources() =>
        Directory.EnumerateFiles(Repo.Path_("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));

    [Fact]
    public void Every_file_with_tests_carries_a_category()
    {
        var untagged = TestSources().Where(f => { var text = File.ReadAllText(f); return TestAttribute.IsMatch(text) && !Category.IsMatch(text); })
            .Select(f => Path.GetRelativePath(Repo.Root, f)).ToList();
        untagged.Should().BeEmpty("./test.sh --category X runs tests by their Category trait (tests/README.md)");
    }

    [Fact]
    public void Every_category_in_use_is_listed_in_the_tests_readme()
    {
        var listed = Regex.Matches(Repo.Read("tests/README.md"), @"^\| (?<name>[A-Za-z]+) \|", RegexOptions.Multiline).Select(m => m.Groups["name"].Value).ToHashSet();
        var used = TestSources().SelectMany(f => Category.Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value)).ToHashSet();
        used.Should().NotBeEmpty();
        used.Except(listed).Should().BeEmpty("a category the README does not explain cannot be chosen with --category");
    }
}
