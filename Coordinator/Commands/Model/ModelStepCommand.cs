using System.CommandLine;
using AdaFtr.Model;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Interop;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Objectives;
using AdaFtr.Model.Training;
using AdaFtr.Model.Weights;
using TorchSharp;

namespace AdaFtr.Coordinator.Commands.Model;

/// <summary>
/// <c>adaftr model step</c>: one forward + backward, no update, everything written to one
/// safetensors file (names in <see cref="StepDump"/> and docs/tensor-names.md).
/// </summary>
public static class ModelStepCommand
{
    private static readonly Option<FileInfo> Config = new("--config")
    {
        Description = "Model config JSON, the same file the trainer takes (e.g. examples/adaftr-mmoe-aliccp.json).",
        Required = true,
    };
    private static readonly Option<FileInfo?> Weights = new("--weights")
    {
        Description = "safetensors weights with the names of docs/tensor-names.md. Default: a fresh model initialised from --seed.",
    };
    private static readonly Option<FileInfo?> BatchPath = new("--batch")
    {
        Description = "safetensors batch: sparse int64 [B, F], dense float32 [B, D], labels float32 [B, T], user int64 [B].",
    };
    private static readonly Option<int?> RandomBatch = new("--random-batch")
    {
        Description = "Instead of --batch: a valid random batch of this many rows from the config's schema, also written to the output as batch.*.",
    };
    private static readonly Option<long> Seed = new("--seed")
    {
        Description = "Seed of the random batch and of a fresh model.",
        DefaultValueFactory = _ => 0,
    };
    private static readonly Option<FileInfo> Out = new("--out")
    {
        Description = "Where to write the step's tensors (float32 safetensors).",
        Required = true,
    };
    private static readonly Option<FileInfo?> SaveWeights = new("--save-weights")
    {
        Description = "Also write the weights the step used (useful with a fresh model).",
    };

    public static Command Create(TextWriter output)
    {
        var command = new Command("step", """
            Run one forward + backward without updating and write logits, predictions, v, h, relatedness,
            tau, every loss term and every parameter's gradient to one safetensors file.

            Examples:
              adaftr model step --config model.json --weights w.safetensors --batch batch.safetensors --out out.safetensors
              adaftr model step --config model.json --random-batch 32 --seed 7 --save-weights w.safetensors --out out.safetensors
            """)
        {
            Config, Weights, BatchPath, RandomBatch, Seed, Out, SaveWeights,
        };
        command.Validators.Add(result =>
        {
            bool file = result.GetValue(BatchPath) is not null, random = result.GetValue(RandomBatch) is not null;
            if (file == random) result.AddError("give exactly one of --batch FILE or --random-batch ROWS");
            if (result.GetValue(RandomBatch) is < 1) result.AddError("--random-batch: the number of rows must be at least 1");
        });
        command.SetAction((parsed, cancellationToken) => Task.FromResult(Run(parsed, output)));
        return command;
    }

    private static int Run(ParseResult parsed, TextWriter output)
    {
        var configFile = parsed.GetValue(Config)!;
        ModelConfig config;
        try
        {
            config = ModelConfigJson.Load(configFile.FullName);
        }
        catch (ModelConfigException e)
        {
            throw new UserError($"--config: {e.Message}");
        }
        long seed = parsed.GetValue(Seed);
        var outPath = parsed.GetValue(Out)!.FullName;

        using var scope = torch.NewDisposeScope();
        torch.manual_seed(seed);
        using var model = new AdaFtrModel(config);
        var batchFile = parsed.GetValue(BatchPath);
        try
        {
            if (parsed.GetValue(Weights) is { } weights)
            {
                if (!weights.Exists) throw new UserError($"--weights: {weights.FullName} does not exist");
                ModelWeights.Load(model, weights.FullName);
            }
            if (batchFile is not null && !batchFile.Exists) throw new UserError($"--batch: {batchFile.FullName} does not exist");
            using var batch = batchFile is not null
                ? BatchFile.Read(batchFile.FullName, config.Schema)
                : RandomBatches.Create(config.Schema, parsed.GetValue(RandomBatch)!.Value, seed);

            model.train();
            var result = ForwardBackward.Run(model, new AdaFtrObjective(config.Objective), batch);
            var tensors = StepDump.Collect(model, result);
            if (batchFile is null) tensors.AddRange(BatchFile.Tensors(batch, "batch."));
            SafeTensorsWriter.Write(outPath, tensors, new Dictionary<string, string> { ["format"] = "pt", ["producer"] = "adaftr model step" });
            if (parsed.GetValue(SaveWeights) is { } save) ModelWeights.Save(model, save.FullName, new Dictionary<string, string> { ["format"] = "pt" });
            output.WriteLine($"adaftr model step: {batch.Size} rows, loss {result.Terms.Total.ToDouble():F6}; {tensors.Count} tensors -> {outPath}");
        }
        catch (SafeTensorsFormatException e)
        {
            throw new UserError(e.Message);
        }
        return ExitCodes.Ok;
    }
}
