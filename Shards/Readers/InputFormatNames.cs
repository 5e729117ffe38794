namespace AdaFtr.Shards.Readers;

/// <summary>The names users type for each <see cref="InputFormat"/> (<c>--format</c>).</summary>
public static class InputFormatNames
{
    public static readonly IReadOnlyDictionary<string, InputFormat> ByName = new Dictionary<string, InputFormat>
    {
        ["auto"] = InputFormat.Auto,
        [AliCcpCsvReader.FormatName] = InputFormat.AliCcpCsv,
        [AliExpressCsvReader.FormatName] = InputFormat.AliExpressCsv,
        [AliCcpRaw.AliCcpRawReader.FormatName] = InputFormat.AliCcpRaw,
        [SchemaCsvReader.FormatName] = InputFormat.SchemaCsv,
        ["shards"] = InputFormat.Shards,
    };

    public static string NameOf(InputFormat format) => ByName.First(kv => kv.Value == format).Key;
}
