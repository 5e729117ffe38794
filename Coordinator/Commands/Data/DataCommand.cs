using System.CommandLine;

namespace AdaFtr.Coordinator.Commands.Data;

/// <summary><c>adaftr data synth|shard|inspect</c>: make, convert and look at training data.</summary>
public static class DataCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("data", """
            Generate synthetic data, convert data files into shard sets, and inspect either.

            Examples:
              adaftr data synth --kind aliccp-like --rows 1000000 --out data/synth --shards 4
              adaftr data shard data/ali-ccp/ali_ccp_train_sample.csv --out data/shards/train
              adaftr data inspect data/shards/train --json
            """);
        command.Subcommands.Add(DataSynthCommand.Create(output));
        command.Subcommands.Add(DataShardCommand.Create(output));
        command.Subcommands.Add(DataInspectCommand.Create(output));
        return command;
    }
}
