namespace AdaFtr.Shards.Readers;

/// <summary>The inputs <c>adaftr data shard|inspect</c> read.</summary>
public enum InputFormat
{
    /// <summary>Decide from the path: a shard folder, or a file's first line.</summary>
    Auto,
    /// <summary>Preprocessed Ali-CCP CSV (click,purchase,...).</summary>
    AliCcpCsv,
    /// <summary>AliExpress CSV (search_id,categorical_*,numerical_*,click,conversion).</summary>
    AliExpressCsv,
    /// <summary>Raw Ali-CCP sample_skeleton file plus its common_features file.</summary>
    AliCcpRaw,
    /// <summary>A user's CSV/TSV described by a JSON schema file.</summary>
    SchemaCsv,
    /// <summary>A shard set folder (with manifest.json).</summary>
    Shards,
}
