namespace AdaFtr.Shards.Readers;

/// <summary>
/// The AliExpress CSV (country sets NL/ES/FR/US): <c>search_id</c>, <c>categorical_1..16</c>,
/// <c>numerical_1..63</c>, <c>click</c>, <c>conversion</c>. The search id groups impressions of one
/// query, so it plays the user's part for GAUC; it is not a model feature.
/// </summary>
public static class AliExpressCsvReader
{
    public const string FormatName = "aliexpress-csv";
    private static readonly string[] LabelColumns = ["click", "conversion"];
    private static readonly string[] Tasks = ["ctr", "cvr"];
    private const string GroupColumn = "search_id";

    public static DelimitedFileReader Open(string path, BadRowBudget? budget = null) =>
        new(path, ',', hasHeader: true, header => LayoutOf(path, header!), FormatName, budget);

    private static ColumnLayout LayoutOf(string path, string[] columns)
    {
        var sparse = new List<string>(); var dense = new List<string>();
        var roles = new ColumnRole[columns.Length];
        var seen = new HashSet<string>();
        for (int c = 0; c < columns.Length; c++)
        {
            var name = columns[c];
            if (!seen.Add(name)) throw new DataFormatException(path, 1, $"column '{name}' appears twice in the header");
            roles[c] = name switch
            {
                GroupColumn => new(ColumnKind.Ignored),
                "click" => new(ColumnKind.Label, 0),
                "conversion" => new(ColumnKind.Label, 1),
                _ when name.StartsWith("categorical_", StringComparison.Ordinal) => new(ColumnKind.Sparse, sparse.Count),
                _ when name.StartsWith("numerical_", StringComparison.Ordinal) => new(ColumnKind.Dense, dense.Count),
                _ => throw new DataFormatException(path, 1, $"unexpected column '{name}'; an AliExpress header has search_id, categorical_*, numerical_*, click, conversion"),
            };
            if (roles[c].Kind == ColumnKind.Sparse) sparse.Add(name);
            if (roles[c].Kind == ColumnKind.Dense) dense.Add(name);
        }
        foreach (var required in LabelColumns.Append(GroupColumn))
            if (!seen.Contains(required)) throw new DataFormatException(path, 1, $"no '{required}' column in the header");
        var schema = new DatasetSchema(sparse, dense, LabelColumns, Tasks, GroupColumn);
        return new ColumnLayout(schema, columns, roles, Array.IndexOf(columns, GroupColumn));
    }
}
