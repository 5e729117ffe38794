using System.CommandLine;

namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// <c>adaftr bench X [--json]</c>: speed figures, never pass/fail. With <c>--json</c> every bench
/// prints one object, <c>{"bench": "X", "figures": {name: number}}</c> (see <see cref="BenchReport"/>).
/// </summary>
public static class BenchCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("bench", """
            Measure speed and print figures (and ratios against this machine's own ceilings).

            Examples:
              adaftr bench model --json
              adaftr bench shards --repeat 5 --json > before.json
              adaftr bench compare before.json after.json
            """);
        // One line per benchmark; each lives in its own file beside this one.
        command.Subcommands.Add(BenchModelCommand.Create(output));
        command.Subcommands.Add(BenchShardsCommand.Create(output));
        command.Subcommands.Add(BenchDistributedCommand.Create(output));
        command.Subcommands.Add(BenchCheckpointCommand.Create(output));
        command.Subcommands.Add(BenchScaleCommand.Create(output));
        command.Subcommands.Add(BenchCompareCommand.Create(output));
        return command;
    }
}
