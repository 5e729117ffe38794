using System.Globalization;
using AdaFtr.Model.Features;

namespace AdaFtr.Shards.Readers;

/// <summary>
/// The preprocessed Ali-CCP CSV: <c>click,purchase,</c> 23 sparse fields (small re-indexed ints,
/// 0 = rare/unknown), 8 dense fields in [0,1]. Field 101 is the user id (for GAUC).
/// </summary>
public static class AliCcpCsvReader
{
    public static readonly string[] Tasks = ["ctr", "cvr"];
    private static readonly string[] LabelColumns = ["click", "purchase"];
    private const string UserColumn = "101";

    public static ColumnarRows Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file; pass an Ali-CCP CSV (e.g. data/ali-ccp/ali_ccp_train_sample.csv)", path);
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new DataFormatException(path, 1, "the file is empty; expected a header starting with click,purchase");
        var columns = header.TrimStart('\uFEFF').Split(',');
        if (columns.Length < 3 || columns[0] != LabelColumns[0] || columns[1] != LabelColumns[1])
            throw new DataFormatException(path, 1, $"header must start with click,purchase, found '{string.Join(',', columns.Take(2))}'");
        int sparseCount = columns.Skip(2).Count(c => !c.StartsWith('D'));
        int denseCount = columns.Length - 2 - sparseCount;
        int userColumn = Array.IndexOf(columns, UserColumn);

        var sparse = new List<long>(); var dense = new List<float>(); var labels = new List<float>(); var users = new List<long>();
        long lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.TrimEnd('\r').Split(',');
            if (cells.Length != columns.Length)
                throw new DataFormatException(path, lineNumber, $"{cells.Length} columns, the header has {columns.Length}");
            for (int c = 0; c < 2; c++) labels.Add(ParseLabel(path, lineNumber, columns[c], cells[c]));
            for (int c = 2; c < 2 + sparseCount; c++)
            {
                if (!long.TryParse(cells[c], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    throw new DataFormatException(path, lineNumber, $"column {columns[c]}: '{cells[c]}' is not a non-negative integer id");
                sparse.Add(id);
            }
            for (int c = 2 + sparseCount; c < columns.Length; c++)
            {
                if (!float.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                    throw new DataFormatException(path, lineNumber, $"column {columns[c]}: '{cells[c]}' is not a finite number");
                dense.Add(value);
            }
            users.Add(userColumn >= 0 ? sparse[^(sparseCount - userColumn + 2)] : 0);
        }
        if (users.Count == 0) throw new DataFormatException(path, lineNumber, "no data rows after the header");
        return new ColumnarRows(sparse.ToArray(), dense.ToArray(), labels.ToArray(), users.ToArray(), users.Count, sparseCount, denseCount, Tasks.Length);
    }

    /// <summary>The schema of a file: field names from its header, vocabularies large enough for <paramref name="vocabularySizes"/>.</summary>
    public static FeatureSchema Schema(string path, int[] vocabularySizes)
    {
        var columns = File.ReadLines(path).First().TrimStart('\uFEFF').Split(',');
        var sparseNames = columns.Skip(2).Where(c => !c.StartsWith('D')).ToArray();
        var denseNames = columns.Skip(2).Where(c => c.StartsWith('D')).ToArray();
        return new FeatureSchema(
            sparseNames.Select((name, i) => new SparseField(name, Math.Max(1, vocabularySizes[i]))).ToList(),
            denseNames, Tasks, UserColumn);
    }

    private static float ParseLabel(string path, long line, string column, string cell) => cell switch
    {
        "0" => 0f,
        "1" => 1f,
        _ => throw new DataFormatException(path, line, $"column {column}: label '{cell}' must be 0 or 1"),
    };
}
