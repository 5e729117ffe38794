using AdaFtr.Model.Interop;

namespace AdaFtr.Coordinator.Tests;

/// <summary>
/// `adaftr checkpoints export` output loads, strictly, in the PyTorch module that
/// docs/tensor-names.md prints, and holds the job's parameters. Needs Debian's python3-torch;
/// skipped, saying so, when it is not installed.
/// </summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Cli")]
public sealed class ExportPyTorchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-export-").FullName;

    [SkippableFact]
    public async Task An_exported_checkpoint_loads_in_the_documented_pytorch_module()
    {
        var python = PyTorchInterpreter.Installed.Value;
        Skip.If(python is null, "python3-torch is not installed (apt-get install -y python3-torch): export not checked in PyTorch");
        (await CliRun.Invoke("train", "--steps", "4", "--workers", "2", "--ps-shards", "2", "--checkpoint-dir", _folder, "--job", "x")).ExitCode.Should().Be(0);
        var export = Path.Combine(_folder, "export");
        var run = await CliRun.Invoke("checkpoints", "export", "x", "--checkpoint-dir", _folder, "--output", export);
        run.ExitCode.Should().Be(0, run.ToString());

        var module = DocumentedPyTorchModule.Read();
        var script = Path.Combine(_folder, "load_export.py");
        File.WriteAllText(script, module.Replace("cfg, model = load(\"examples/adaftr-mmoe-aliccp.json\", \"w.safetensors\")", "") + $$"""

            cfg, model = load({{Quote(Path.Combine(export, "model.json"))}}, {{Quote(Path.Combine(export, "model.safetensors"))}})
            weights = load_safetensors({{Quote(Path.Combine(export, "model.safetensors"))}})
            state = model.state_dict()
            assert all(torch.equal(state[k], weights[k]) for k in weights), "a loaded tensor differs from the file"
            print(f"loaded {len(state)} tensors, features.weight {list(state['features.weight'].shape)}")
            """);
        var loaded = python!.Run(TimeSpan.FromMinutes(2), script);
        loaded.ExitCode.Should().Be(0, loaded.Output);
        loaded.Stdout.Should().Contain("loaded").And.Contain("features.weight");
    }

    private static string Quote(string path) => "\"" + path.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
