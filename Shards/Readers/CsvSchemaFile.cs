using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdaFtr.Shards.Readers;

/// <summary>A label column and the task it trains: ctr, cvr or view.</summary>
public sealed record LabelColumn(string Column, string Task);

/// <summary>A categorical column: integer ids, or any strings hashed into <see cref="HashBuckets"/> buckets.</summary>
public sealed record SparseColumn(string Column, long HashBuckets = 0);

/// <summary>
/// The JSON file that describes a user's own CSV/TSV for <see cref="SchemaCsvReader"/>:
/// <code>
/// {
///   "separator": "\t",                 // one character; "," by default
///   "has_header": true,                // false: give "columns" (names by position)
///   "columns": ["uid", "city", ...],   // only when has_header is false
///   "labels": [{"column": "click", "task": "ctr"}, {"column": "buy", "task": "cvr"}],
///   "sparse": [{"column": "uid"}, {"column": "city", "hash_buckets": 1000}],
///   "dense": ["price"],
///   "user": "uid",                     // optional, for GAUC
///   "hash_user": false                 // true when user ids are strings
/// }
/// </code>
/// Columns the schema does not name are ignored.
/// </summary>
public sealed record CsvSchemaFile(
    IReadOnlyList<LabelColumn> Labels,
    IReadOnlyList<SparseColumn> Sparse,
    IReadOnlyList<string>? Dense = null,
    string Separator = ",",
    bool HasHeader = true,
    IReadOnlyList<string>? Columns = null,
    string? User = null,
    bool HashUser = false)
{
    private static readonly string[] TaskOrder = ["ctr", "cvr", "view"];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static CsvSchemaFile Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such schema file", path);
        CsvSchemaFile schema;
        try { schema = JsonSerializer.Deserialize<CsvSchemaFile>(File.ReadAllBytes(path), Json) ?? throw new JsonException("the schema is 'null'"); }
        catch (JsonException e) { throw new DataFormatException(path, (e.LineNumber ?? 0) + 1, $"not a valid schema file: {e.Message}"); }
        schema.Validate(path);
        return schema;
    }

    public char SeparatorChar => Separator[0];

    private void Validate(string path)
    {
        DataFormatException Problem(string problem) => new(path, 1, problem);
        if (Separator.Length != 1) throw Problem($"separator must be one character, got '{Separator}' (write \"\\t\" for tab)");
        if (Labels.Count is < 2 or > 3) throw Problem("labels: give 2 (ctr, cvr) or 3 (ctr, cvr, view) label columns");
        if (!Labels.Select(l => l.Task).SequenceEqual(TaskOrder.Take(Labels.Count)))
            throw Problem($"labels: tasks must be in the order {string.Join(", ", TaskOrder.Take(Labels.Count))}, got {string.Join(", ", Labels.Select(l => l.Task))}");
        if (Sparse.Count == 0) throw Problem("sparse: at least one categorical column is needed");
        if (Sparse.Any(s => s.HashBuckets is < 0 or 1)) throw Problem("sparse: hash_buckets must be 0 (integer ids) or 2 or more");
        if (!HasHeader && (Columns is null || Columns.Count == 0)) throw Problem("has_header is false: list the column names in \"columns\"");
        var named = Labels.Select(l => l.Column).Concat(Sparse.Select(s => s.Column)).Concat(Dense ?? []).ToList();
        var twice = named.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw Problem($"column '{twice.Key}' is given two roles");
    }
}
