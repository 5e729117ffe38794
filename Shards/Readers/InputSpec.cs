using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers.AliCcpRaw;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Shards.Readers;

/// <summary>
/// An input as the user named it: a path, a format (or auto), and what some formats need besides
/// (the common-features file of raw Ali-CCP, the schema file of a schema-driven CSV).
/// </summary>
public sealed record InputSpec(string Path, InputFormat Format = InputFormat.Auto, string? CommonFeatures = null, string? Schema = null, AliCcpRawOptions? Raw = null)
{
    /// <summary>The format after auto-detection; throws <see cref="ArgumentException"/> with what to pass when it cannot tell.</summary>
    public InputFormat Resolve()
    {
        if (Format != InputFormat.Auto) return Format;
        if (ShardStores.IsBlob(Path)) return InputFormat.Shards;
        if (Directory.Exists(Path))
        {
            if (File.Exists(System.IO.Path.Combine(Path, ShardManifest.FileName))) return InputFormat.Shards;
            throw new ArgumentException($"{Path}: a folder without {ShardManifest.FileName}; pass a shard set folder (or one day=... partition of it), or a data file");
        }
        if (!File.Exists(Path)) throw new FileNotFoundException($"{Path}: no such file or folder", Path);
        if (Schema is not null) return InputFormat.SchemaCsv;
        string first;
        using (var lines = new TextLineReader(Path)) first = lines.ReadLine() ?? "";
        if (first.StartsWith("click,purchase,", StringComparison.Ordinal)) return InputFormat.AliCcpCsv;
        if (first.StartsWith("search_id,", StringComparison.Ordinal)) return InputFormat.AliExpressCsv;
        if (first.StartsWith("sample_id,", StringComparison.Ordinal) || first.Contains(RawFeatureList.ItemSeparator) || first.Contains(RawFeatureList.FieldSeparator))
            return InputFormat.AliCcpRaw;
        throw new ArgumentException($"{Path}: cannot tell the format from its first line; pass --format, or --schema with a JSON schema file for your own CSV/TSV");
    }

    /// <summary>The common-features file for a raw skeleton: as given, or the skeleton's name with sample_skeleton → common_features.</summary>
    public string CommonFeaturesPath()
    {
        if (CommonFeatures is not null) return CommonFeatures;
        var name = System.IO.Path.GetFileName(Path);
        var guess = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path) ?? ".", name.Replace("sample_skeleton", "common_features", StringComparison.Ordinal));
        if (guess != Path && File.Exists(guess)) return guess;
        throw new ArgumentException($"{Path}: raw Ali-CCP needs its common features file; pass --common-features (e.g. common_features_train.csv)");
    }

    public IRowSource Open(BadRowBudget budget) => Resolve() switch
    {
        InputFormat.AliCcpCsv => AliCcpCsvReader.Open(Path, budget),
        InputFormat.AliExpressCsv => AliExpressCsvReader.Open(Path, budget),
        InputFormat.AliCcpRaw => new AliCcpRawReader(Path, CommonFeaturesPath(), Raw, budget),
        InputFormat.SchemaCsv => SchemaCsvReader.Open(Path, Schema ?? throw new ArgumentException("--format schema-csv needs --schema with a JSON schema file"), budget),
        InputFormat.Shards => new ShardSetSource(ShardSet.Open(ShardStores.Open(Path))),
        _ => throw new ArgumentOutOfRangeException(nameof(Format), Format, null),
    };
}
