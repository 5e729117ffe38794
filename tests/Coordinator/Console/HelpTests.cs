using System.CommandLine;
using AdaFtr.Coordinator.Console;

namespace AdaFtr.Coordinator.Tests.Console;

[Trait("Category", "Cli")]
[Collection(TorchCollection.Name)]
public sealed class HelpTests
{
    [Fact]
    public async Task The_root_help_lists_every_verb_on_one_line()
    {
        var verbs = AdaftrCli.Build(TextWriter.Null).Subcommands.Select(c => c.Name).ToList();
        var run = await CliRun.Invoke("--help");
        run.ExitCode.Should().Be(0, run.ToString());

        var listing = run.Output.Split('\n').SkipWhile(l => l.Trim() != "Commands:").Skip(1).TakeWhile(l => l.Trim().Length > 0).ToList();
        listing.Should().HaveCount(verbs.Count, "one line per verb:\n" + run.Output);
        foreach (var verb in verbs)
            listing.Should().ContainSingle(l => l.TrimStart().StartsWith(verb + " ")).Which.Should().NotContain("Examples");
    }

    [Fact]
    public async Task Every_verb_and_subverb_has_examples_in_its_own_help()
    {
        var root = AdaftrCli.Build(TextWriter.Null);
        var paths = Paths(root, []).ToList();
        paths.Should().HaveCountGreaterThan(20);
        foreach (var path in paths)
        {
            var run = await CliRun.Invoke([.. path, "--help"]);
            run.ExitCode.Should().Be(0, run.ToString());
            run.Output.Should().Contain("Examples:", $"`adaftr {string.Join(' ', path)} --help` teaches by example").And.Contain($"adaftr {string.Join(' ', path)}");
        }
    }

    [Fact]
    public async Task A_verb_with_subverbs_lists_them_by_their_first_line_and_keeps_its_whole_description()
    {
        var run = await CliRun.Invoke("checkpoints", "--help");
        run.Output.Should().Contain("Examples:");
        var export = AdaftrCli.Build(TextWriter.Null).Subcommands.Single(c => c.Name == "checkpoints").Subcommands.Single(c => c.Name == "export");
        run.Output.Should().Contain(VerbListHelp.Summary(export.Description)).And.NotContain("docs/tensor-names.md");
        (await CliRun.Invoke("checkpoints", "export", "--help")).Output.Should().Contain("docs/tensor-names.md");
    }

    private static IEnumerable<string[]> Paths(Command command, string[] prefix) =>
        command.Subcommands.SelectMany(sub => Paths(sub, [.. prefix, sub.Name]).Prepend([.. prefix, sub.Name]));
}
