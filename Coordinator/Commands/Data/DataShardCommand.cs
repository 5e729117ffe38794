using System.CommandLine;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;

namespace AdaFtr.Coordinator.Commands.Data;

/// <summary><c>adaftr data shard</c>: reads any supported input and writes it as N checksummed shards.</summary>
public static class DataShardCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("shard", """
            Convert a data file (or another shard set) into N shards of checksummed blocks, manifest last.

            Examples:
              adaftr data shard data/ali-ccp/ali_ccp_train_sample.csv --out shards/train --shards 2
              adaftr data shard raw/sample_skeleton_train.csv --common-features raw/common_features_train.csv --min-count 10 --out shards/aliccp
              adaftr data shard my.tsv --schema my-schema.json --max-bad-rows 100 --out shards/mine --compression lz4
            """);
        var input = new DataInputOptions();
        var outputOptions = new ShardOutputOptions();
        input.AddTo(command);
        outputOptions.AddTo(command);
        command.SetAction((parsed, cancellationToken) => Task.FromResult(ShardsErrors.Translate(() => Run(parsed, input, outputOptions, output, cancellationToken))));
        return command;
    }

    private static int Run(ParseResult parsed, DataInputOptions input, ShardOutputOptions outputOptions, TextWriter output, CancellationToken cancellationToken)
    {
        var spec = input.Spec(parsed);
        var budget = input.Budget(parsed);
        var source = spec.Open(budget);
        var store = outputOptions.Store(parsed);
        var (manifest, elapsed) = RowProgress.Run($"sharding {spec.Path}", parsed.InvocationConfiguration.Error, total: null,
            progress => (ShardSetWriter.Write(new CancellableSource(source, cancellationToken), store, outputOptions.WriteOptions(parsed), progress), progress.Elapsed));

        output.WriteLine($"{store}: {manifest.Rows:N0} rows from {spec.Path} ({InputFormatNames.NameOf(spec.Resolve())}) in {manifest.Shards.Count} shard(s) " +
                         $"of {manifest.BlockRows:N0}-row blocks, {manifest.Compression.ToString().ToLowerInvariant()}, {elapsed.TotalSeconds:F1} s");
        output.WriteLine("  label rates: " + string.Join(", ", manifest.Schema.Labels.Select((label, k) => $"{label} {(double)manifest.LabelPositives[k] / manifest.Rows:P3}")));
        if (budget.Skipped > 0)
        {
            output.WriteLine($"  skipped {budget.Skipped:N0} bad row(s) (--max-bad-rows {budget.MaxBadRows}); the first:");
            foreach (var problem in budget.FirstProblems) output.WriteLine($"    {problem}");
        }
        return ExitCodes.Ok;
    }
}
