using System.CommandLine;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Readers.AliCcpRaw;

namespace AdaFtr.Coordinator.Commands.Data;

/// <summary>The input argument and the options that say how to read it; one instance per command.</summary>
internal sealed class DataInputOptions
{
    public readonly Argument<string> Input = new("input")
    {
        Description = "A data file (Ali-CCP CSV, AliExpress CSV, raw Ali-CCP sample_skeleton file, your own CSV/TSV with --schema) or a shard set folder.",
    };
    public readonly Option<string> Format = new("--format")
    {
        Description = "Input format: auto (from the path and first line), aliccp-csv, aliexpress-csv, aliccp-raw, schema-csv, shards.",
        DefaultValueFactory = _ => "auto",
    };
    public readonly Option<string?> CommonFeatures = new("--common-features")
    {
        Description = "Raw Ali-CCP: the common_features file to join (default: the skeleton's name with sample_skeleton -> common_features).",
    };
    public readonly Option<string?> Schema = new("--schema")
    {
        Description = "A JSON schema file describing your CSV/TSV (separator, labels, sparse, dense, user columns).",
    };
    public readonly Option<long> MinCount = new("--min-count")
    {
        Description = "Raw Ali-CCP: feature ids seen fewer times map to 0 (rare/unknown).",
        DefaultValueFactory = _ => 1,
    };
    public readonly Option<long> HashBuckets = new("--hash-buckets")
    {
        Description = "Raw Ali-CCP: hash feature ids into this many buckets per field instead of building vocabularies (0 = off).",
        DefaultValueFactory = _ => 0,
    };
    public readonly Option<long> MaxBadRows = new("--max-bad-rows")
    {
        Description = "Skip and count up to N rows that do not parse, then fail on the next one (0: fail on the first).",
        DefaultValueFactory = _ => 0,
    };

    public DataInputOptions()
    {
        Format.AcceptOnlyFromAmong([.. InputFormatNames.ByName.Keys]);
        MinCount.Validators.Add(r => { if (r.GetValueOrDefault<long>() < 1) r.AddError("--min-count must be 1 or more"); });
        HashBuckets.Validators.Add(r => { if (r.GetValueOrDefault<long>() is < 0 or 1) r.AddError("--hash-buckets must be 0 (off) or 2 or more"); });
        MaxBadRows.Validators.Add(r => { if (r.GetValueOrDefault<long>() < 0) r.AddError("--max-bad-rows must be 0 or more"); });
    }

    public void AddTo(Command command)
    {
        command.Arguments.Add(Input);
        foreach (var option in new Option[] { Format, CommonFeatures, Schema, MinCount, HashBuckets, MaxBadRows }) command.Options.Add(option);
    }

    public InputSpec Spec(ParseResult parsed) => new(parsed.GetValue(Input)!, InputFormatNames.ByName[parsed.GetValue(Format)!], parsed.GetValue(CommonFeatures),
        parsed.GetValue(Schema), new AliCcpRawOptions(parsed.GetValue(MinCount), parsed.GetValue(HashBuckets)));

    public BadRowBudget Budget(ParseResult parsed) => new(parsed.GetValue(MaxBadRows));
}
