using System.Text.RegularExpressions;

namespace AdaFtr.Infra.Tests;

/// <summary>
/// docs/architecture.md against the repository: its table of project references is every .csproj's, exactly; the
/// contracts load no TorchSharp; Model and Shards know nothing of Orleans; every path the page names exists.
/// </summary>
[Trait("Category", "Infra")]
public sealed partial class ArchitectureMapTests
{
    private const string Page = "docs/architecture.md";
    private static readonly ArchitectureMap Map = ArchitectureMap.Parse(Page, Repo.Read(Page));
    private static readonly IReadOnlyList<ProjectFile> Projects = ProjectFile.All();

    private static ProjectFile Project(string name) => Projects.Single(p => p.Name == name);

    [Fact]
    public void The_checks_see_the_projects()
    {
        // Guards against the map passing because the reader found nothing.
        Projects.Select(p => p.Name).Should().Contain(["AdaFtr.Model", "AdaFtr.Checkpoints", "AdaFtr.Grains", "AdaFtr.Coordinator", "AdaFtr.Infra.Tests"]);
        Project("AdaFtr.Grains").ProjectReferences.Should().Contain("AdaFtr.Checkpoints");
    }

    [Fact]
    public void Every_project_reference_is_the_one_the_map_lists() =>
        Map.Problems(Projects).Should().BeEmpty();

    [Fact]
    public void The_contracts_reference_only_Orleans()
    {
        var contracts = Project("AdaFtr.Grains.Abstractions");
        contracts.ProjectReferences.Should().BeEmpty("a client of the grain interfaces must not load Model, and with it TorchSharp");
        contracts.PackageReferences.Should().NotBeEmpty().And.OnlyContain(p => p.StartsWith("Microsoft.Orleans.", StringComparison.Ordinal),
            "the contracts are Orleans types and plain records; TorchSharp in particular stays out");
    }

    [Theory]
    [InlineData("AdaFtr.Model")]
    [InlineData("AdaFtr.Shards")]
    public void The_maths_and_the_data_know_nothing_of_Orleans(string project) =>
        Project(project).PackageReferences.Should().NotContain(p => p.StartsWith("Microsoft.Orleans.", StringComparison.Ordinal));

    [Fact]
    public void Every_path_the_page_names_exists()
    {
        var paths = RepositoryPath().Matches(Repo.Read(Page)).Select(m => m.Groups[1].Value).Where(p => !p.Contains('*')).Distinct().ToList();
        paths.Should().Contain("Grains/AdaFtr.Grains/Jobs/WorkerGrain.cs", "the path of a step names the worker grain");
        paths.Where(p => !File.Exists(Repo.Path_(p)) && !Directory.Exists(Repo.Path_(p))).Should().BeEmpty(
            $"every path in {Page} is a file or folder of the repository (from its root); correct the page when a file moves");
    }

    [Fact]
    public void A_reference_the_map_does_not_list_is_reported()
    {
        var contracts = Project("AdaFtr.Grains.Abstractions");
        var grown = Projects.Select(p => p == contracts ? p with { ProjectReferences = ["AdaFtr.Model"] } : p);
        NewProblems(grown).Should().ContainSingle().Which.Should()
            .StartWith("Grains/AdaFtr.Grains.Abstractions/AdaFtr.Grains.Abstractions.csproj: references AdaFtr.Model, which AdaFtr.Grains.Abstractions's row in docs/architecture.md");
    }

    [Fact]
    public void A_listed_reference_no_csproj_has_is_reported()
    {
        var coordinator = Map.Rows.Single(r => r.Project == "AdaFtr.Coordinator");
        var text = Repo.Read(Page).Replace("AdaFtr.Checkpoints, AdaFtr.Silo |", "AdaFtr.Checkpoints, AdaFtr.Silo, AdaFtr.Grains |");
        ArchitectureMap.Parse(Page, text).Problems(Projects).Except(Map.Problems(Projects)).Should().Equal(
            $"{Page}:{coordinator.Line}: says AdaFtr.Coordinator references AdaFtr.Grains, but Coordinator/AdaFtr.Coordinator.csproj does not; remove it from the row");
    }

    [Fact]
    public void A_project_without_a_row_and_a_row_without_a_project_are_reported()
    {
        var renamed = Projects.Select(p => p.Name == "AdaFtr.Model.Interop" ? p with { Name = "AdaFtr.Interop", RelativePath = "Interop/AdaFtr.Interop.csproj" } : p)
            .Select(p => p.Name == "AdaFtr.Coordinator" ? p with { ProjectReferences = [.. p.ProjectReferences.Select(r => r == "AdaFtr.Model.Interop" ? "AdaFtr.Interop" : r)] } : p);
        NewProblems(renamed).Should().Contain(p => p.StartsWith("Interop/AdaFtr.Interop.csproj: AdaFtr.Interop has no row", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("AdaFtr.Model.Interop (Interop/AdaFtr.Model.Interop.csproj) is no project in the repository", StringComparison.Ordinal));
    }

    /// <summary>What the map finds in <paramref name="changed"/> and not in the repository as it is: the mistake tests hold without a clean repository.</summary>
    private static IEnumerable<string> NewProblems(IEnumerable<ProjectFile> changed) => Map.Problems(changed).Except(Map.Problems(Projects));

    [Fact]
    public void A_malformed_row_names_its_line()
    {
        var text = "# page\n\n" + ArchitectureMap.Heading + "\n\n| project | file | references |\n| --- | --- | --- |\n| AdaFtr.Model | `Model/AdaFtr.Model.csproj` |\n";
        var parse = () => ArchitectureMap.Parse("page.md", text);
        parse.Should().Throw<FormatException>().WithMessage("page.md:7: a row of the table needs three cells*");
    }

    /// <summary>A backquoted path from the repository root: a folder or file name, then at least one more after a slash.</summary>
    [GeneratedRegex(@"`([A-Za-z][A-Za-z0-9_.\-]*(?:/[A-Za-z0-9_.\-*]+)+/?)`")]
    private static partial Regex RepositoryPath();
}
