using System.Globalization;

namespace AdaFtr.Shards.Readers;

/// <summary>
/// Streams a delimited text file (CSV, TSV) whose columns a <see cref="ColumnLayout"/> maps onto
/// the schema. A row that does not parse is reported as <c>path:line: problem</c> and goes to the
/// <see cref="BadRowBudget"/>. Quoting is not supported: every format read here is numeric.
/// </summary>
public sealed class DelimitedFileReader : IRowSource
{
    private readonly string _path;
    private readonly char _separator;
    private readonly bool _hasHeader;
    private readonly BadRowBudget _budget;
    private readonly int _maxLineChars;

    /// <param name="layoutFromHeader">Builds the layout from the header's cells (null when the file has no header); throws <see cref="DataFormatException"/> for a bad header.</param>
    public DelimitedFileReader(string path, char separator, bool hasHeader, Func<string[]?, ColumnLayout> layoutFromHeader,
        string formatName, BadRowBudget? budget = null, int maxLineChars = TextLineReader.DefaultMaxLineChars)
    {
        _path = path; _separator = separator; _hasHeader = hasHeader; _maxLineChars = maxLineChars;
        _budget = budget ?? BadRowBudget.None;
        string[]? header = null;
        if (hasHeader)
        {
            using var lines = new TextLineReader(path, maxLineChars);
            var first = lines.ReadLine() ?? throw new DataFormatException(path, 1, $"the file is empty; expected a {formatName} header");
            header = first.Split(separator);
            if (header.Length == 1 && first.Contains(separator == ',' ? '\t' : ','))
                throw new DataFormatException(path, 1, $"header has one column: is the separator '{Printable(separator)}' right for this file?");
        }
        Layout = layoutFromHeader(header);
        Description = $"{formatName}:{Path.GetFullPath(path)}";
    }

    public ColumnLayout Layout { get; }
    public DatasetSchema Schema => Layout.Schema;
    public string Description { get; }

    public IEnumerable<ColumnarRows> ReadChunks(int chunkRows)
    {
        using var lines = new TextLineReader(_path, _maxLineChars);
        if (_hasHeader) lines.ReadLine();
        else if (new FileInfo(_path).Length == 0) throw new DataFormatException(_path, 1, "the file is empty");
        var buffer = new RowBuffer(Schema, chunkRows);
        var cells = new Range[Layout.ColumnCount + 1];
        for (var line = lines.ReadLine(); line is not null; line = lines.ReadLine())
        {
            if (line.Length == 0) continue;
            try
            {
                ParseRow(line, lines.LineNumber, cells, buffer);
                buffer.Commit();
            }
            catch (DataFormatException problem) { _budget.Reject(problem); }
            if (buffer.IsFull) yield return buffer.TakeRows();
        }
        if (buffer.Count > 0) yield return buffer.TakeRows();
    }

    private void ParseRow(string text, long lineNumber, Range[] cells, RowBuffer row)
    {
        var line = text.AsSpan();
        int count = line.Split(cells, _separator);
        if (count != Layout.ColumnCount)
            throw new DataFormatException(_path, lineNumber, $"{line.Count(_separator) + 1} columns, expected {Layout.ColumnCount} (separator '{Printable(_separator)}')");
        var sparse = row.SparseRow; var dense = row.DenseRow; var labels = row.LabelRow;
        for (int c = 0; c < count; c++)
        {
            var role = Layout.Roles[c];
            var cell = line[cells[c]];
            switch (role.Kind)
            {
                case ColumnKind.Sparse: sparse[role.Index] = ParseId(cell, c, role.HashBuckets, lineNumber); break;
                case ColumnKind.Dense: dense[role.Index] = ParseValue(cell, c, lineNumber); break;
                case ColumnKind.Label: labels[role.Index] = ParseLabel(cell, c, lineNumber); break;
            }
        }
        row.UserOfRow = Layout.UserColumn < 0 ? 0
            : Layout.HashUser ? (long)(StableHash.Of(line[cells[Layout.UserColumn]]) >> 1)
            : ParseId(line[cells[Layout.UserColumn]], Layout.UserColumn, 0, lineNumber);
    }

    private long ParseId(ReadOnlySpan<char> cell, int column, long hashBuckets, long lineNumber)
    {
        if (cell.IsEmpty) throw Problem(lineNumber, column, "empty value; expected an id");
        if (hashBuckets > 0) return StableHash.Bucket(cell, hashBuckets);
        if (!long.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            throw Problem(lineNumber, column, $"'{Shorten(cell)}' is not a non-negative integer id (set hash_buckets in the schema for string values)");
        return id;
    }

    private float ParseValue(ReadOnlySpan<char> cell, int column, long lineNumber)
    {
        if (cell.IsEmpty) throw Problem(lineNumber, column, "empty value; expected a number");
        if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
            throw Problem(lineNumber, column, $"'{Shorten(cell)}' is not a finite number");
        return value;
    }

    private float ParseLabel(ReadOnlySpan<char> cell, int column, long lineNumber)
    {
        if (cell is "0" or "0.0") return 0f;
        if (cell is "1" or "1.0") return 1f;
        throw Problem(lineNumber, column, $"label '{Shorten(cell)}' must be 0 or 1");
    }

    private DataFormatException Problem(long lineNumber, int column, string problem) =>
        new(_path, lineNumber, $"column {Layout.ColumnNames[column]}: {problem}");

    private static string Shorten(ReadOnlySpan<char> cell) => cell.Length <= 40 ? cell.ToString() : $"{cell[..40]}...";

    private static string Printable(char separator) => separator switch { '\t' => "\\t", _ => separator.ToString() };
}
