using System.CommandLine;

namespace AdaFtr.Coordinator.Commands.Model;

/// <summary><c>adaftr model ...</c>: tools that work on one model without training it.</summary>
public static class ModelCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("model", """
            Inspect a model: run one step and dump every intermediate for interop checks.

            Examples:
              adaftr model step --config examples/adaftr-mmoe-aliccp.json --random-batch 64 --seed 1 --out step.safetensors
            """);
        command.Subcommands.Add(ModelStepCommand.Create(output));
        return command;
    }
}
