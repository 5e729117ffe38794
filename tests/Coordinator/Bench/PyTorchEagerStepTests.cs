using System.Text.Json;
using AdaFtr.Coordinator.Commands.Bench;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Features;
using AdaFtr.Model.Interop;

namespace AdaFtr.Coordinator.Tests.Bench;

/// <summary>
/// pytorch_eager_step.py and <c>bench model --vs-pytorch</c> on a tiny model for a fraction of a
/// second: figures come back, never judged for speed. Need Debian's python3-torch; skipped, saying
/// so, when it is not installed.
/// </summary>
[Trait("Category", "Bench")]
[Collection(TorchCollection.Name)]
public sealed class PyTorchEagerStepTests : IDisposable
{
    private const string NoTorch = "python3-torch is not installed (apt-get install -y python3-torch): the PyTorch eager step not run";
    private readonly string folder = Directory.CreateTempSubdirectory("adaftr-eager-test-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly ModelConfig Tiny = new()
    {
        Schema = new FeatureSchema(
            [new SparseField("user", 50), new SparseField("item", 1_000), new SparseField("hashed", 64, Hashed: true)],
            ["d0", "d1"],
            ["ctr", "cvr"],
            "user"),
        Backbone = new BackboneConfig { ExpertLayers = [16, 8], Experts = 2 },
        TowerLayers = [8, 4],
        RelatednessLayers = [4],
        Training = new TrainingConfig { BatchSize = 32, MicroBatches = 2 },
    };

    [SkippableFact]
    public void The_script_times_the_documented_module_and_prints_its_figures_and_torch_version()
    {
        var python = PyTorchInterpreter.Installed.Value;
        Skip.If(python is null, NoTorch);
        var figures = PyTorchEagerStep.Measure(python!, Tiny, threads: 1, seconds: 0.2, roundSeconds: 0.05, device: "cpu");
        figures.SamplesPerS.Should().BePositive();
        figures.BatchSize.Should().Be(32);
        figures.Rounds.Should().BeGreaterThanOrEqualTo(3);
        figures.Steps.Should().BePositive();
        figures.Threads.Should().Be(1);
        figures.Device.Should().Be("cpu");
        figures.EmbeddingAdam.Should().Be("sparse");
        figures.TorchVersion.Should().MatchRegex("^[0-9]+\\.[0-9]+");
    }

    [SkippableFact]
    public async Task Bench_model_vs_pytorch_adds_the_eager_figures_and_keeps_its_own()
    {
        Skip.If(PyTorchInterpreter.Installed.Value is null, NoTorch);
        var config = Path.Combine(folder, "tiny.json");
        File.WriteAllText(config, ModelConfigJson.Serialize(Tiny));
        var run = await CliRun.Invoke("bench", "model", "--config", config, "--seconds", "0.2", "--threads", "1", "--vs-pytorch", "--json");
        run.ExitCode.Should().Be(0, run.ToString());
        var report = JsonDocument.Parse(run.Output).RootElement;
        var figures = report.GetProperty("figures").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        figures.Keys.Should().Contain(["samples_per_s", "flops_per_sample", "matmul_flops_per_s", "roofline_fraction", "batch_size", "steps", "rounds", "threads"]);
        figures["pytorch_eager_samples_per_s"].Should().BePositive();
        figures["samples_per_s_vs_pytorch_eager"].Should().BeApproximately(figures["samples_per_s"] / figures["pytorch_eager_samples_per_s"], 1e-9);
        figures["pytorch_eager_threads"].Should().Be(1);
        report.GetProperty("labels").GetProperty("pytorch_torch_version").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_pytorch_device_that_is_neither_cpu_nor_cuda_n_is_refused()
    {
        var run = await CliRun.Invoke("bench", "model", "--vs-pytorch", "--pytorch-device", "gpu");
        run.ExitCode.Should().NotBe(0);
        (run.Error + run.Output).Should().Contain("--pytorch-device").And.Contain("cuda:N");
    }
}
