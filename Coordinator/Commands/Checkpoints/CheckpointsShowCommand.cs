using System.CommandLine;
using System.Globalization;
using System.Text;
using AdaFtr.Coordinator.Console;

namespace AdaFtr.Coordinator.Commands.Checkpoints;

/// <summary><c>adaftr checkpoints show JOB [--step N]</c>: verifies a checkpoint's files against its manifest and shows the manifest.</summary>
public static class CheckpointsShowCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print only the verified manifest.json, for scripts." };

    public static Command Create(TextWriter output)
    {
        var command = new Command("show", """
            Verify a checkpoint (sizes and SHA-256 of every file) and show its manifest.

            Examples:
              adaftr checkpoints show trial-1
              adaftr checkpoints show trial-1 --step 400 --checkpoint-dir az://ckpt/runs
              adaftr checkpoints show trial-1 --json | jq .metrics
            """) { CheckpointsCommand.Job, CheckpointsCommand.Step, Json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            bool json = parsed.GetValue(Json);
            // Notes on refused checkpoints go beside the JSON, not into it.
            var checkpoint = await CheckpointsCommand.Load(parsed, json ? parsed.InvocationConfiguration.Error : output, cancellationToken);
            var manifest = checkpoint.Manifest;
            if (json)
            {
                output.WriteLine(Encoding.UTF8.GetString(manifest.ToJson()));
                return ExitCodes.Ok;
            }
            var console = CliConsole.For(output);
            console.Line($"verified: {manifest.Files.Count} files match the manifest");
            var summary = new ListTable(console, "", "");
            summary.Row("job", manifest.Job);
            summary.Row("step", manifest.Step.ToString(CultureInfo.InvariantCulture));
            summary.Row("created (UTC)", manifest.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            summary.Row("spec sha256", manifest.SpecSha256);
            foreach (var (name, value) in manifest.Metrics) summary.Row(name, value.ToString("G6", CultureInfo.InvariantCulture));
            summary.Write();
            var files = new ListTable(console, "file", "bytes", "sha256").Numeric(1);
            foreach (var file in manifest.Files) files.Row(file.Name, file.Bytes.ToString(CultureInfo.InvariantCulture), file.Sha256);
            files.Write();
            return ExitCodes.Ok;
        });
        return command;
    }
}
