using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Interop;

namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// The same training step timed in PyTorch eager: pytorch_eager_step.py (shipped beside the binary)
/// runs the module of docs/tensor-names.md on random batches drawn like <see cref="RandomBatches"/>,
/// with forward, adaftr_loss, backward and Adam (SparseAdam on the embedding rows).
/// </summary>
public static class PyTorchEagerStep
{
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "pytorch_eager_step.py");

    /// <param name="seconds">How long to measure after 3 warm-up steps; at least 3 rounds.</param>
    /// <param name="roundSeconds">Length of one round; the figure is the median over rounds.</param>
    /// <param name="device">cpu or cuda:N.</param>
    /// <exception cref="InvalidOperationException">The script failed or printed no figures.</exception>
    public static PyTorchEagerFigures Measure(PyTorchInterpreter python, ModelConfig config, int threads, double seconds, double roundSeconds, string device)
    {
        var folder = Directory.CreateTempSubdirectory("adaftr-eager-").FullName;
        try
        {
            var module = Path.Combine(folder, "adaftr_torch.py");
            var configPath = Path.Combine(folder, "model.json");
            File.WriteAllText(module, DocumentedPyTorchModule.Read());
            File.WriteAllText(configPath, ModelConfigJson.Serialize(config));
            // Room for torch's import, model construction and warm-up on a loaded machine.
            var timeout = TimeSpan.FromSeconds(Math.Max(seconds, 3 * roundSeconds) * 2 + 120);
            var run = python.Run(timeout, ScriptPath, module, configPath,
                "--threads", threads.ToString(CultureInfo.InvariantCulture),
                "--seconds", seconds.ToString("R", CultureInfo.InvariantCulture),
                "--round-seconds", roundSeconds.ToString("R", CultureInfo.InvariantCulture),
                "--device", device);
            if (run.ExitCode != 0) throw new InvalidOperationException($"{ScriptPath} failed (exit {run.ExitCode}):\n{run.Output}");
            var lastLine = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            try
            {
                return JsonSerializer.Deserialize<PyTorchEagerFigures>(lastLine, SnakeCase)
                    ?? throw new InvalidOperationException($"{ScriptPath} printed null");
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"{ScriptPath} printed no figures ({e.Message}):\n{run.Output}", e);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static readonly JsonSerializerOptions SnakeCase = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
    };
}

/// <summary>What pytorch_eager_step.py prints: the median samples/s over rounds and what it ran on.</summary>
public sealed record PyTorchEagerFigures(
    double SamplesPerS, int BatchSize, long Steps, int Rounds, int Threads, string Device, string EmbeddingAdam, string TorchVersion);
