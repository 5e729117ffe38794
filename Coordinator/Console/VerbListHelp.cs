using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace AdaFtr.Coordinator.Console;

/// <summary>
/// --help where a command's subcommands are listed one line each (the first paragraph of their
/// description), while a command's own --help shows its whole description, examples included.
/// System.CommandLine 2.0.0 lists a subcommand with its whole description and keeps its
/// HelpBuilder internal, so this action shortens the listed descriptions while the built-in help
/// writes, and puts them back after.
/// </summary>
public sealed class VerbListHelp(HelpAction builtIn) : SynchronousCommandLineAction
{
    public static void Apply(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new VerbListHelp(help.Action as HelpAction ?? throw new InvalidOperationException("the root's --help has no built-in HelpAction to wrap"));
    }

    public override bool ClearsParseErrors => builtIn.ClearsParseErrors;

    public override int Invoke(ParseResult parseResult)
    {
        var listed = parseResult.CommandResult.Command.Subcommands.Select(command => (Command: command, Full: command.Description)).ToList();
        foreach (var (command, full) in listed) command.Description = Summary(full);
        try
        {
            return builtIn.Invoke(parseResult);
        }
        finally
        {
            foreach (var (command, full) in listed) command.Description = full;
        }
    }

    /// <summary>The description's first paragraph as one line: a whole sentence even when the source wraps it.</summary>
    public static string Summary(string? description) =>
        string.Join(' ', (description ?? "").Split('\n').Select(line => line.Trim()).SkipWhile(line => line.Length == 0).TakeWhile(line => line.Length > 0));
}
