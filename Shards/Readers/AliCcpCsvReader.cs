using AdaFtr.Model.Features;

namespace AdaFtr.Shards.Readers;

/// <summary>
/// The preprocessed Ali-CCP CSV: <c>click,purchase,</c> 23 sparse fields (small re-indexed ints,
/// 0 = rare/unknown), 8 dense fields in [0,1] (names starting with D). Field 101 is the user id (for GAUC).
/// </summary>
public static class AliCcpCsvReader
{
    public const string FormatName = "aliccp-csv";
    public static readonly string[] Tasks = ["ctr", "cvr"];
    private static readonly string[] LabelColumns = ["click", "purchase"];
    private const string UserColumn = "101";

    /// <summary>A streaming reader of the file.</summary>
    public static DelimitedFileReader Open(string path, BadRowBudget? budget = null) =>
        new(path, ',', hasHeader: true, header => LayoutOf(path, header!), FormatName, budget);

    /// <summary>The whole file in memory (for small files: the bundled samples, evaluation sets).</summary>
    public static ColumnarRows Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file; pass an Ali-CCP CSV (e.g. data/ali-ccp/ali_ccp_train_sample.csv)", path);
        var reader = Open(path);
        var chunks = reader.ReadChunks(1 << 16).ToList();
        if (chunks.Count == 0) throw new DataFormatException(path, 2, "no data rows after the header");
        return ColumnarRowsConcat.Of(chunks);
    }

    /// <summary>The schema of a file: field names from its header, vocabularies large enough for <paramref name="vocabularySizes"/>.</summary>
    public static FeatureSchema Schema(string path, int[] vocabularySizes) =>
        Open(path).Schema.ToFeatureSchema(vocabularySizes.Select(v => (long)v).ToArray());

    private static ColumnLayout LayoutOf(string path, string[] columns)
    {
        if (columns.Length < 3 || columns[0] != LabelColumns[0] || columns[1] != LabelColumns[1])
            throw new DataFormatException(path, 1, $"header must start with click,purchase, found '{string.Join(',', columns.Take(2))}'");
        var duplicate = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new DataFormatException(path, 1, $"column '{duplicate.Key}' appears twice in the header");
        var sparse = new List<string>(); var dense = new List<string>();
        var roles = new ColumnRole[columns.Length];
        roles[0] = new(ColumnKind.Label, 0);
        roles[1] = new(ColumnKind.Label, 1);
        for (int c = 2; c < columns.Length; c++)
        {
            if (columns[c].Length == 0) throw new DataFormatException(path, 1, $"column {c + 1} has an empty name");
            bool isDense = columns[c].StartsWith('D');
            roles[c] = isDense ? new(ColumnKind.Dense, dense.Count) : new(ColumnKind.Sparse, sparse.Count);
            (isDense ? dense : sparse).Add(columns[c]);
        }
        int user = Array.IndexOf(columns, UserColumn);
        var schema = new DatasetSchema(sparse, dense, LabelColumns, Tasks, user >= 0 ? UserColumn : null);
        return new ColumnLayout(schema, columns, roles, user);
    }
}
