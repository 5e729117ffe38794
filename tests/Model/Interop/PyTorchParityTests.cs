using AdaFtr.Model.Configuration;
using AdaFtr.Model.Interop;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Objectives;
using AdaFtr.Model.Training;
using AdaFtr.Model.Weights;
using TorchSharp;

namespace AdaFtr.Model.Tests.Interop;

/// <summary>
/// Builds the same model in PyTorch (the module printed in docs/tensor-names.md) from exported
/// weights and compares every output, loss and gradient of a step dump. Needs Debian's
/// python3-torch; skipped, saying so, when it is not installed.
/// </summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class PyTorchParityTests : IDisposable
{
    private static readonly Lazy<PyTorchInterpreter?> Python = PyTorchInterpreter.Installed;
    private readonly string folder = Directory.CreateTempSubdirectory("adaftr-parity-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableTheory]
    [InlineData(BackboneKind.Mmoe, 2, TemperatureMode.Adaptive, AlignmentLoss.InfoNce, Similarity.Dot, CvrSpace.All)]
    [InlineData(BackboneKind.Ple, 3, TemperatureMode.Learnable, AlignmentLoss.InfoNce, Similarity.Cosine, CvrSpace.All)]
    [InlineData(BackboneKind.CrossStitch, 2, TemperatureMode.Adaptive, AlignmentLoss.Scl, Similarity.Cosine, CvrSpace.Clicked)]
    [InlineData(BackboneKind.SharedBottom, 2, TemperatureMode.Fixed, AlignmentLoss.Mse, Similarity.Dot, CvrSpace.Ctcvr)]
    [InlineData(BackboneKind.SingleDnn, 2, TemperatureMode.Adaptive, AlignmentLoss.InfoNce, Similarity.Dot, CvrSpace.All)]
    public void A_step_matches_the_documented_pytorch_module(BackboneKind kind, int tasks, TemperatureMode temperature, AlignmentLoss alignment, Similarity similarity, CvrSpace cvrSpace)
    {
        Skip.If(Python.Value is null, "python3-torch is not installed (apt-get install -y python3-torch): PyTorch parity not checked");
        var config = TinyModels.Config(kind, tasks);
        config = config with
        {
            Objective = config.Objective with { Temperature = temperature, Alignment = alignment, Similarity = similarity, CvrSpace = cvrSpace },
        };
        var configPath = Path.Combine(folder, "model.json");
        var weightsPath = Path.Combine(folder, "w.safetensors");
        var stepPath = Path.Combine(folder, "step.safetensors");
        File.WriteAllText(configPath, ModelConfigJson.Serialize(config));
        using (var scope = torch.NewDisposeScope())
        {
            torch.manual_seed(21);
            using var model = new AdaFtrModel(config);
            using var batch = RandomBatches.Create(config.Schema, 12, seed: 5);
            var dump = StepDump.Collect(model, ForwardBackward.Run(model, new AdaFtrObjective(config.Objective), batch));
            dump.AddRange(BatchFile.Tensors(batch, "batch."));
            SafeTensorsWriter.Write(stepPath, dump);
            ModelWeights.Save(model, weightsPath);
        }

        var modulePath = Path.Combine(folder, "adaftr_torch.py");
        File.WriteAllText(modulePath, DocumentedPyTorchModule.Read());
        var run = Python.Value!.Run(TimeSpan.FromMinutes(2), Path.Combine(AppContext.BaseDirectory, "parity_check.py"), modulePath, configPath, weightsPath, stepPath);
        run.ExitCode.Should().Be(0, $"PyTorch disagrees with TorchSharp:\n{run.Output}");
        run.Output.Should().Contain("parity:");
    }
}
