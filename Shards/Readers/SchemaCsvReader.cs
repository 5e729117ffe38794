namespace AdaFtr.Shards.Readers;

/// <summary>A user's own CSV/TSV, described by a JSON schema file (<see cref="CsvSchemaFile"/>).</summary>
public static class SchemaCsvReader
{
    public const string FormatName = "schema-csv";

    public static DelimitedFileReader Open(string path, string schemaPath, BadRowBudget? budget = null)
    {
        var schema = CsvSchemaFile.Load(schemaPath);
        return new DelimitedFileReader(path, schema.SeparatorChar, schema.HasHeader, header => LayoutOf(path, schema, header), FormatName, budget);
    }

    private static ColumnLayout LayoutOf(string path, CsvSchemaFile schema, string[]? header)
    {
        var columns = header ?? schema.Columns!.ToArray();
        long line = header is null ? 0 : 1;
        int IndexOf(string name)
        {
            int i = Array.IndexOf(columns, name);
            return i >= 0 ? i : throw new DataFormatException(path, Math.Max(line, 1), $"no column '{name}' (the schema names it; the file has {string.Join(',', columns.Take(12))}{(columns.Length > 12 ? ",..." : "")})");
        }
        var roles = new ColumnRole[columns.Length];
        for (int k = 0; k < schema.Labels.Count; k++) roles[IndexOf(schema.Labels[k].Column)] = new(ColumnKind.Label, k);
        for (int k = 0; k < schema.Sparse.Count; k++) roles[IndexOf(schema.Sparse[k].Column)] = new(ColumnKind.Sparse, k, schema.Sparse[k].HashBuckets);
        var dense = schema.Dense ?? [];
        for (int k = 0; k < dense.Count; k++) roles[IndexOf(dense[k])] = new(ColumnKind.Dense, k);
        int user = schema.User is null ? -1 : IndexOf(schema.User);
        var dataset = new DatasetSchema(schema.Sparse.Select(s => s.Column).ToList(), dense.ToList(),
            schema.Labels.Select(l => l.Column).ToList(), schema.Labels.Select(l => l.Task).ToList(), schema.User);
        return new ColumnLayout(dataset, columns, roles, user, schema.HashUser);
    }
}
