using System.CommandLine;
using System.Text;

namespace AdaFtr.Coordinator.Commands.Checkpoints;

/// <summary><c>adaftr checkpoints show JOB [--step N]</c>: verifies a checkpoint's files against its manifest and prints the manifest.</summary>
public static class CheckpointsShowCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("show", "Verify a checkpoint (sizes and SHA-256 of every file) and print its manifest.") { CheckpointsCommand.Job, CheckpointsCommand.Step };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var checkpoint = await CheckpointsCommand.Load(parsed, output, cancellationToken);
            output.WriteLine($"verified: {checkpoint.Manifest.Files.Count} files match the manifest");
            output.WriteLine(Encoding.UTF8.GetString(checkpoint.Manifest.ToJson()));
            return ExitCodes.Ok;
        });
        return command;
    }
}
