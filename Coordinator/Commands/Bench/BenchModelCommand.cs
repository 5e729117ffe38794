using System.CommandLine;
using System.Diagnostics;
using System.Text.RegularExpressions;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Features;
using AdaFtr.Model.Interop;
using AdaFtr.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// <c>adaftr bench model</c>: training-step throughput of AdaFTR-MMoE at the Ali-CCP configuration,
/// and its fraction of this machine's matmul roofline measured in the same run (ARCHITECTURE.md,
/// "Benchmarks: comparing fairly"); with --vs-pytorch, beside the same step in PyTorch eager
/// (<see cref="PyTorchEagerStep"/>).
/// </summary>
public static partial class BenchModelCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object {\"bench\": \"model\", \"figures\": {...}}." };
    private static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "Model config to time. Default: AdaFTR-MMoE at the Ali-CCP configuration (23 sparse fields of 100 000 ids, 8 dense, emb 8, batch 1024).",
    };
    private static readonly Option<double> Seconds = new("--seconds")
    {
        Description = "How long to measure (after 3 warm-up steps), in rounds of 1 s of steps then 0.5 s of matmuls; at least 3 rounds.",
        DefaultValueFactory = _ => 10.0,
    };

    private static readonly Option<int?> Threads = new("--threads")
    {
        Description = "libtorch intra-op threads for both the steps and the matmul ceiling. Default: libtorch's own choice.",
    };

    private static readonly Option<bool> VsPyTorch = new("--vs-pytorch")
    {
        Description = "Also time the same step in PyTorch eager (pytorch_eager_step.py with python3-torch: same module, batch, threads and --seconds) "
            + "and add pytorch_eager_samples_per_s and samples_per_s_vs_pytorch_eager (ours ÷ PyTorch). Without python3-torch, says so and runs without it.",
    };

    private static readonly Option<string> PyTorchDevice = new("--pytorch-device")
    {
        Description = "Device of the PyTorch eager step: cpu or cuda:N. Ours runs on the CPU, so the ratio is printed only for cpu.",
        DefaultValueFactory = _ => "cpu",
    };

    private static readonly Option<int> Repeat = BenchRuns.RepeatOption();

    public static Command Create(TextWriter output)
    {
        var command = new Command("model", """
            Samples/s of a training step (forward, backward, lazy Adam) and roofline_fraction =
            flops_per_sample × samples_per_s ÷ matmul_flops_per_s of the same libtorch and threads.

            Examples:
              adaftr bench model
              adaftr bench model --json --seconds 20
              adaftr bench model --threads 1
              adaftr bench model --vs-pytorch
              adaftr bench model --repeat 5 --json
            """)
        {
            Json, Config, Seconds, Threads, VsPyTorch, PyTorchDevice, Repeat,
        };
        PyTorchDevice.Validators.Add(result =>
        {
            var device = result.GetValueOrDefault<string>();
            if (device != "cpu" && !CudaDevice().IsMatch(device)) result.AddError($"--pytorch-device: {device} must be cpu or cuda:N");
        });
        command.SetAction((parsed, cancellationToken) => Run(parsed, output, cancellationToken));
        return command;
    }

    private static Task<int> Run(ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        ModelConfig config;
        try
        {
            config = parsed.GetValue(Config) is { } file ? ModelConfigJson.Load(file.FullName) : AliCcpShape();
        }
        catch (ModelConfigException e)
        {
            throw new UserError($"--config: {e.Message}");
        }
        double seconds = parsed.GetValue(Seconds);
        if (!(seconds > 0)) throw new UserError($"--seconds: {seconds} must be above 0");
        if (parsed.GetValue(Threads) is { } threads)
        {
            if (threads < 1) throw new UserError($"--threads: {threads} must be at least 1");
            torch.set_num_threads(threads);
        }
        return BenchRuns.RunAsync(parsed.GetValue(Repeat), parsed.GetValue(Json), output,
            () => Task.FromResult(Measure(parsed, config, seconds, cancellationToken)), cancellationToken);
    }

    private static BenchReport Measure(ParseResult parsed, ModelConfig config, double seconds, CancellationToken cancellationToken)
    {
        int batchSize = config.Training.BatchSize;
        using var trainer = new LocalTrainer(config);
        var batches = Enumerable.Range(0, 4).Select(i => RandomBatches.Create(config.Schema, batchSize, i)).ToArray();
        try
        {
            for (int i = 0; i < 3; i++) trainer.TrainStep(batches[i]);
            double flopsPerSample = TrainingFlops.PerSample(trainer.Model, config);
            // Other processes share this machine: time steps and the matmul ceiling in alternating short
            // rounds, so each round's ratio sees the same load, and report the medians.
            var rates = new List<double>(); var ceilings = new List<double>(); var stepSeconds = new List<double>();
            long steps = 0;
            long? faultsInSteps = 0, faultsBefore = MinorPageFaults.SoFar();
            var total = Stopwatch.StartNew();
            while (total.Elapsed.TotalSeconds < seconds || rates.Count < 3)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var round = Stopwatch.StartNew();
                long roundSteps = 0;
                while (round.Elapsed.TotalSeconds < RoundSeconds)
                {
                    var step = Stopwatch.GetTimestamp();
                    trainer.TrainStep(batches[steps % batches.Length]);
                    stepSeconds.Add(Stopwatch.GetElapsedTime(step).TotalSeconds);
                    steps++; roundSteps++;
                }
                rates.Add(roundSteps * (double)batchSize / round.Elapsed.TotalSeconds);
                faultsInSteps += MinorPageFaults.SoFar() - faultsBefore;
                ceilings.Add(MatmulFlopsPerSecond(RoundSeconds / 2));
                faultsBefore = MinorPageFaults.SoFar();
            }
            var fractions = rates.Zip(ceilings, (rate, ceiling) => flopsPerSample * rate / ceiling).ToList();
            double medianStep = BenchSummary.MedianOf(stepSeconds), bestStep = stepSeconds.Min();
            var figures = new Dictionary<string, double>
            {
                ["samples_per_s"] = BenchSummary.MedianOf(rates),
                ["median_step_ms"] = medianStep * 1e3,
                ["best_step_ms"] = bestStep * 1e3,
                ["median_over_best_step"] = medianStep / bestStep,
                ["flops_per_sample"] = flopsPerSample,
                ["matmul_flops_per_s"] = BenchSummary.MedianOf(ceilings),
                ["roofline_fraction"] = BenchSummary.MedianOf(fractions),
                ["batch_size"] = batchSize,
                ["steps"] = steps,
                ["rounds"] = rates.Count,
                ["threads"] = torch.get_num_threads(),
            };
            if (faultsInSteps is { } faults) figures["page_faults_per_step"] = faults / (double)steps;
            var labels = new Dictionary<string, string>();
            if (parsed.GetValue(VsPyTorch)) ComparePyTorch(parsed, config, seconds, figures, labels);
            return new BenchReport("model", figures, labels);
        }
        finally
        {
            foreach (var b in batches) b.Dispose();
        }
    }

    private const double RoundSeconds = 1.0;

    /// <summary>Times the PyTorch eager step after ours (two processes cannot share rounds) and adds its figures.</summary>
    private static void ComparePyTorch(ParseResult parsed, ModelConfig config, double seconds, Dictionary<string, double> figures, Dictionary<string, string> labels)
    {
        if (PyTorchInterpreter.Installed.Value is not { } python)
        {
            parsed.InvocationConfiguration.Error.WriteLine($"bench model: PyTorch eager comparison skipped: {PyTorchInterpreter.InstallHint}");
            return;
        }
        string device = parsed.GetValue(PyTorchDevice)!;
        PyTorchEagerFigures eager;
        try
        {
            eager = PyTorchEagerStep.Measure(python, config, torch.get_num_threads(), seconds, RoundSeconds, device);
        }
        catch (InvalidOperationException e)
        {
            // Most often this python's torch cannot do what was asked (no CUDA for --pytorch-device): its own message says which.
            throw new UserError($"--vs-pytorch: {e.Message}\nRun without --vs-pytorch for our figures alone.", ExitCodes.Environment);
        }
        figures["pytorch_eager_samples_per_s"] = eager.SamplesPerS;
        if (device == "cpu") figures["samples_per_s_vs_pytorch_eager"] = figures["samples_per_s"] / eager.SamplesPerS;
        figures["pytorch_eager_threads"] = eager.Threads;
        labels["pytorch_torch_version"] = eager.TorchVersion;
        labels["pytorch_device"] = eager.Device;
        labels["pytorch_embedding_adam"] = eager.EmbeddingAdam;
    }

    [GeneratedRegex("^cuda:[0-9]+$")]
    private static partial Regex CudaDevice();

    /// <summary>float32 1024³ matmuls for about <paramref name="seconds"/>: this libtorch's ceiling on these threads.</summary>
    private static double MatmulFlopsPerSecond(double seconds)
    {
        using var scope = torch.NewDisposeScope();
        const int n = 1024;
        var a = torch.randn(n, n);
        var b = torch.randn(n, n);
        long runs = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds) { torch.mm(a, b).Dispose(); runs++; }
        return runs * 2.0 * n * n * n / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The paper's Ali-CCP setting: 23 sparse fields, 8 dense, embedding 8, MMoE with 3 experts, towers [64, 32, 16], batch 1024.</summary>
    private static ModelConfig AliCcpShape() => new()
    {
        Schema = new FeatureSchema(
            Enumerable.Range(0, 23).Select(i => new SparseField($"f{i}", 100_000)).ToList(),
            Enumerable.Range(0, 8).Select(i => $"d{i}").ToList(),
            ["ctr", "cvr"],
            "f0"),
    };
}
