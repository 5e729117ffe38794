using System.CommandLine;
using AdaFtr.Coordinator.Checkpoints;
using AdaFtr.Coordinator.Console;

namespace AdaFtr.Coordinator.Commands.Checkpoints;

/// <summary><c>adaftr checkpoints export JOB --output DIR</c>: model.safetensors + model.json for serving and PyTorch.</summary>
public static class CheckpointsExportCommand
{
    private static readonly Option<DirectoryInfo> Output = new("--output", "-o")
    {
        Description = "Folder to write model.safetensors and model.json into.",
        Required = true,
    };

    public static Command Create(TextWriter output)
    {
        var command = new Command("export", """
            Export a verified checkpoint for serving: model.safetensors + model.json.

            model.safetensors holds the weights under PyTorch names, all parameter shards joined, no
            optimizer state; model.json the model config. In PyTorch the `load("model.json",
            "model.safetensors")` snippet in docs/tensor-names.md loads them.

            Examples:
              adaftr checkpoints export trial-1 --output serving/trial-1
              adaftr checkpoints export trial-1 --step 400 --checkpoint-dir az://ckpt/runs -o serving/trial-1-400
            """) { CheckpointsCommand.Job, CheckpointsCommand.Step, Output };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var checkpoint = await CheckpointsCommand.Load(parsed, output, cancellationToken);
            // Joining the shards of a large embedding table takes a while: a spinner on a terminal says it is working.
            var (weights, config) = LiveProgress.Run(CliConsole.For(output), $"exporting {checkpoint.Manifest.Job} step {checkpoint.Manifest.Step}", total: null,
                _ => WriteTo(checkpoint, parsed.GetValue(Output)!.FullName));
            output.WriteLine($"exported {checkpoint.Manifest.Job} step {checkpoint.Manifest.Step}: {weights}, {config}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <exception cref="UserError">--output is a file or cannot be written: the user picks another folder.</exception>
    private static (string Weights, string Config) WriteTo(AdaFtr.Checkpoints.VerifiedCheckpoint checkpoint, string folder)
    {
        if (File.Exists(folder)) throw new UserError($"--output {folder}: a file, not a folder; pass a folder to write model.safetensors and model.json into");
        try
        {
            return ModelExport.Write(checkpoint, folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"--output {folder}: cannot write there ({e.Message}); pass a folder you can write to");
        }
    }
}
