using System.CommandLine;
using System.Globalization;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Commands.Data;

/// <summary><c>adaftr data synth</c>: writes a synthetic shard set (or daily partitions of them) with the true probabilities beside the labels.</summary>
public static class DataSynthCommand
{
    private static readonly Option<string> Kind = new("--kind")
    {
        Description = "aliccp-like (23 sparse + 8 dense fields, click/purchase), instance-related (the same columns, CTR-CVR relatedness planted on a latent subset of rows, flagged in "
                      + PlantedRelatedness.FileName + ") or ecomm-ads-like (120 fields, click/conversion/view, daily partitions).",
        DefaultValueFactory = _ => AliCcpLikeGenerator.Kind,
    };
    private static readonly Option<long> Rows = new("--rows")
    {
        Description = "Rows to generate (per day for ecomm-ads-like).",
        DefaultValueFactory = _ => 1_000_000,
    };
    private static readonly Option<long> Seed = new("--seed")
    {
        Description = "The same seed gives the same rows.",
        DefaultValueFactory = _ => 1,
    };
    private static readonly Option<double?> Relatedness = new("--relatedness")
    {
        Description = "Correlation in [-1, 1] of the planted CTR and CVR scores (default 0.5); instance-related: on its related rows only (default 0.9).",
    };
    private static readonly Option<double?> RelatedShare = new("--related-share")
    {
        Description = "instance-related: share in [0, 1] of impressions whose conversion follows the click signal (default 0.5).",
    };
    private static readonly Option<double?> ClickRate = new("--click-rate") { Description = "Share of impressions clicked (default 0.04; ecomm-ads-like 0.029)." };
    private static readonly Option<double?> ConversionRate = new("--conversion-rate") { Description = "Share of clicks that convert (default 0.01; ecomm-ads-like 0.055; Ali-CCP's 0.02% of impressions at 3.9% clicks is 0.0051)." };
    private static readonly Option<double?> ViewRate = new("--view-rate") { Description = "Share of clicks followed by a view, ecomm-ads-like (default 0.43)." };
    private static readonly Option<double> SignalStrength = new("--signal-strength")
    {
        Description = "Spread of the hidden scores: higher makes labels more predictable (a higher best AUC).",
        DefaultValueFactory = _ => 1.0,
    };
    private static readonly Option<bool> NoTruth = new("--no-truth") { Description = "Do not store the generating probabilities beside the labels." };
    private static readonly Option<int> Days = new("--days")
    {
        Description = "ecomm-ads-like: number of daily partitions (7 to train, the 8th to test).",
        DefaultValueFactory = _ => 8,
    };
    private static readonly Option<string> StartDay = new("--start-day")
    {
        Description = "ecomm-ads-like: first day, YYYY-MM-DD.",
        DefaultValueFactory = _ => "2026-11-01",
    };

    public static Command Create(TextWriter output)
    {
        var command = new Command("synth", """
            Generate a synthetic data set from a known model and write it as shards.

            Examples:
              adaftr data synth --kind aliccp-like --rows 1000000 --out data/synth --shards 4
              adaftr data synth --kind ecomm-ads-like --rows 200000 --days 8 --out data/ecomm --relatedness 0.8
              adaftr data synth --kind instance-related --rows 2000000 --related-share 0.3 --click-rate 0.039 --conversion-rate 0.0051 --out data/related
            """)
        {
            Kind, Rows, Seed, Relatedness, RelatedShare, ClickRate, ConversionRate, ViewRate, SignalStrength, NoTruth, Days, StartDay,
        };
        var outputOptions = new ShardOutputOptions();
        outputOptions.AddTo(command);
        Kind.AcceptOnlyFromAmong(AliCcpLikeGenerator.Kind, InstanceRelatedGenerator.Kind, EcommAdsLikeGenerator.Kind);
        Days.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--days must be 1 or more"); });
        command.SetAction((parsed, cancellationToken) => Task.FromResult(ShardsErrors.Translate(() => Run(parsed, outputOptions, output, cancellationToken))));
        return command;
    }

    private static int Run(ParseResult parsed, ShardOutputOptions outputOptions, TextWriter output, CancellationToken cancellationToken)
    {
        var kind = parsed.GetValue(Kind);
        bool ecomm = kind == EcommAdsLikeGenerator.Kind;
        var defaults = kind switch
        {
            EcommAdsLikeGenerator.Kind => EcommAdsLikeGenerator.Defaults(0),
            InstanceRelatedGenerator.Kind => InstanceRelatedGenerator.Defaults(0),
            _ => new SyntheticOptions(0),
        };
        if (parsed.GetValue(RelatedShare) is not null && kind != InstanceRelatedGenerator.Kind)
            throw new UserError($"--related-share applies to --kind {InstanceRelatedGenerator.Kind} only, not {kind}");
        var options = defaults with
        {
            Rows = parsed.GetValue(Rows),
            Seed = parsed.GetValue(Seed),
            Relatedness = parsed.GetValue(Relatedness) ?? defaults.Relatedness,
            RelatedShare = parsed.GetValue(RelatedShare) ?? defaults.RelatedShare,
            ClickRate = parsed.GetValue(ClickRate) ?? defaults.ClickRate,
            ConversionRate = parsed.GetValue(ConversionRate) ?? defaults.ConversionRate,
            ViewRate = parsed.GetValue(ViewRate) ?? defaults.ViewRate,
            SignalStrength = parsed.GetValue(SignalStrength),
            WriteTruth = !parsed.GetValue(NoTruth),
        };
        options.Validate();
        var root = outputOptions.Store(parsed);
        var write = outputOptions.WriteOptions(parsed);
        if (kind == InstanceRelatedGenerator.Kind)
        {
            // The flags go beside the shards, never into them: training must not see which rows are related.
            Write(PlantedRelatedness.Recording(new InstanceRelatedGenerator(options), root), options.Rows, root, write, parsed, output, cancellationToken);
            output.WriteLine($"{root.Describe(PlantedRelatedness.FileName)}: which rows are related (1 byte each, input order; row i is in shard i mod N)");
            return ExitCodes.Ok;
        }
        if (!ecomm)
        {
            Write(new AliCcpLikeGenerator(options), options.Rows, root, write, parsed, output, cancellationToken);
            return ExitCodes.Ok;
        }
        if (!DateOnly.TryParseExact(parsed.GetValue(StartDay), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            throw new UserError($"--start-day '{parsed.GetValue(StartDay)}' is not a date; write it as YYYY-MM-DD");
        foreach (var day in new EcommAdsLikeGenerator(options).Days(start, parsed.GetValue(Days)))
            Write(day.Rows, options.Rows, root.Child(day.Folder), write, parsed, output, cancellationToken);
        return ExitCodes.Ok;
    }

    private static void Write(IRowSource source, long rows, IShardStore store, ShardWriteOptions options, ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        var (manifest, elapsed) = RowProgress.Run($"writing {store}", parsed.InvocationConfiguration.Error, rows,
            progress => (ShardSetWriter.Write(new CancellableSource(source, cancellationToken), store, options, progress), progress.Elapsed));
        var rates = string.Join(", ", manifest.Schema.Labels.Select((label, k) => $"{label} {(double)manifest.LabelPositives[k] / manifest.Rows:P2}"));
        output.WriteLine($"{store}: {manifest.Rows:N0} rows in {manifest.Shards.Count} shard(s), {rates}; {manifest.Rows / elapsed.TotalSeconds:N0} rows/s");
    }
}
