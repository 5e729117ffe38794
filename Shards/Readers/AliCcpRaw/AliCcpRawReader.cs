using System.Globalization;
using System.Runtime.InteropServices;

namespace AdaFtr.Shards.Readers.AliCcpRaw;

/// <summary>
/// The raw Ali-CCP release: <c>sample_skeleton_*.csv</c> (<c>sample_id, click, conversion,
/// common_feature_index, feature_num, feature_list</c>) joined on <c>common_feature_index</c> with
/// <c>common_features_*.csv</c> (<c>common_feature_index, feature_num, feature_list</c>).
/// <para>
/// Passes: one counting pass over both files builds the vocabularies (skipped with hashing); then
/// the common features are loaded as compact ids (memory ∝ common rows × 23, about 100 bytes
/// each, the one part that is held) and the skeleton is streamed in chunks. Items of a field in the
/// skeleton row win over the same field in its common features; within a list the first item wins.
/// The user id (for GAUC) is field 101's raw feature id.
/// </para>
/// </summary>
public sealed class AliCcpRawReader : IRowSource
{
    public const string FormatName = "aliccp-raw";
    private const int SkeletonColumns = 6, CommonColumns = 3;
    private readonly string _skeleton, _common;
    private readonly AliCcpRawOptions _options;
    private readonly BadRowBudget _budget;
    private readonly AliCcpRawFields _fields = new();

    public AliCcpRawReader(string skeletonPath, string commonFeaturesPath, AliCcpRawOptions? options = null, BadRowBudget? budget = null)
    {
        foreach (var path in new[] { skeletonPath, commonFeaturesPath })
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        _skeleton = skeletonPath; _common = commonFeaturesPath;
        _options = options ?? new AliCcpRawOptions();
        _options.Validate();
        _budget = budget ?? BadRowBudget.None;
    }

    public DatasetSchema Schema => AliCcpRawFields.Schema;
    public string Description => $"{FormatName}:{Path.GetFullPath(_skeleton)}+{Path.GetFullPath(_common)} (min count {_options.MinCount}, hash buckets {_options.HashBuckets})";

    /// <summary>The vocabulary of the last read (sizes per field for the model).</summary>
    public RawVocabulary? Vocabulary { get; private set; }

    public IEnumerable<ColumnarRows> ReadChunks(int chunkRows)
    {
        var vocabulary = new RawVocabulary(AliCcpRawFields.Sparse.Length, _options.HashBuckets);
        if (!vocabulary.Hashing)
        {
            CountPass(vocabulary);
            vocabulary.Freeze(_options.MinCount);
        }
        Vocabulary = vocabulary;
        var common = LoadCommonFeatures(vocabulary);
        return StreamSkeleton(vocabulary, common, chunkRows);
    }

    private IEnumerable<ColumnarRows> StreamSkeleton(RawVocabulary vocabulary, CommonFeatureTable common, int chunkRows)
    {
        using var lines = new TextLineReader(_skeleton);
        var buffer = new RowBuffer(Schema, chunkRows);
        var items = new List<RawFeatureItem>();
        var cells = new Range[SkeletonColumns + 1];
        int slots = AliCcpRawFields.Sparse.Length;
        var present = new bool[slots];
        var values = new float[slots];
        var raw = new long[slots];
        for (var line = lines.ReadLine(); line is not null; line = lines.ReadLine())
        {
            if (line.Length == 0 || IsHeader(line, lines.LineNumber, "sample_id")) continue;
            try
            {
                var row = ParseSkeleton(line, lines.LineNumber, cells, items);
                Array.Clear(present);
                var sparse = buffer.SparseRow;
                foreach (var item in items)
                {
                    if (present[item.Slot]) continue;
                    present[item.Slot] = true;
                    sparse[item.Slot] = vocabulary.IdOf(item.Slot, item.FeatureId);
                    values[item.Slot] = item.Value;
                    raw[item.Slot] = item.FeatureId;
                }
                if (!common.TryGet(row.CommonKey, out int commonRow))
                    throw new DataFormatException(_skeleton, lines.LineNumber, $"common_feature_index '{row.CommonKey}' is not in {Path.GetFileName(_common)}");
                common.Apply(commonRow, present, sparse, values, raw);
                var dense = buffer.DenseRow;
                for (int j = 0; j < dense.Length; j++) dense[j] = present[_fields.DenseSlot[j]] ? values[_fields.DenseSlot[j]] : 0f;
                for (int s = 0; s < slots; s++) if (!present[s]) sparse[s] = 0;
                buffer.LabelRow[0] = row.Click; buffer.LabelRow[1] = row.Conversion;
                buffer.UserOfRow = present[_fields.UserSlot] ? raw[_fields.UserSlot] : 0;
                buffer.Commit();
            }
            catch (DataFormatException problem) { _budget.Reject(problem); }
            if (buffer.IsFull) yield return buffer.TakeRows();
        }
        if (buffer.Count > 0) yield return buffer.TakeRows();
    }

    /// <summary>Counts every feature id once per impression: skeleton items directly, common items once per skeleton row that references them.</summary>
    private void CountPass(RawVocabulary vocabulary)
    {
        var references = new Dictionary<string, long>();
        var items = new List<RawFeatureItem>();
        var cells = new Range[SkeletonColumns + 1];
        using (var lines = new TextLineReader(_skeleton))
        {
            for (var line = lines.ReadLine(); line is not null; line = lines.ReadLine())
            {
                if (line.Length == 0 || IsHeader(line, lines.LineNumber, "sample_id")) continue;
                SkeletonRow row;
                // A bad row counts for nothing here; the reading pass reports it against the bad-row budget.
                try { row = ParseSkeleton(line, lines.LineNumber, cells, items); }
                catch (DataFormatException) { continue; }
                foreach (var item in items) vocabulary.Count(item.Slot, item.FeatureId);
                CollectionsMarshal.GetValueRefOrAddDefault(references, row.CommonKey, out _)++;
            }
        }
        cells = new Range[CommonColumns + 1];
        using (var lines = new TextLineReader(_common))
        {
            for (var line = lines.ReadLine(); line is not null; line = lines.ReadLine())
            {
                if (line.Length == 0 || IsHeader(line, lines.LineNumber, "common_feature_index")) continue;
                string key;
                try { key = ParseCommon(line, lines.LineNumber, cells, items); }
                catch (DataFormatException) { continue; }
                if (references.TryGetValue(key, out long times))
                    foreach (var item in items) vocabulary.Count(item.Slot, item.FeatureId, times);
            }
        }
    }

    private CommonFeatureTable LoadCommonFeatures(RawVocabulary vocabulary)
    {
        var table = new CommonFeatureTable(AliCcpRawFields.Sparse.Length);
        var items = new List<RawFeatureItem>();
        var cells = new Range[CommonColumns + 1];
        using var lines = new TextLineReader(_common);
        for (var line = lines.ReadLine(); line is not null; line = lines.ReadLine())
        {
            if (line.Length == 0 || IsHeader(line, lines.LineNumber, "common_feature_index")) continue;
            try
            {
                var key = ParseCommon(line, lines.LineNumber, cells, items);
                if (!table.Add(key, items, vocabulary))
                    throw new DataFormatException(_common, lines.LineNumber, $"common_feature_index '{key}' appears twice");
            }
            catch (DataFormatException problem) { _budget.Reject(problem); }
        }
        if (table.Count == 0) throw new DataFormatException(_common, Math.Max(1, lines.LineNumber), "the common features file has no rows");
        return table;
    }

    private readonly record struct SkeletonRow(float Click, float Conversion, string CommonKey);

    private SkeletonRow ParseSkeleton(string text, long lineNumber, Range[] cells, List<RawFeatureItem> items)
    {
        var line = text.AsSpan();
        int count = line.Split(cells, ',');
        if (count != SkeletonColumns)
            throw new DataFormatException(_skeleton, lineNumber, $"{line.Count(',') + 1} columns, expected {SkeletonColumns} (sample_id,click,conversion,common_feature_index,feature_num,feature_list)");
        float click = Label(line[cells[1]], "click", lineNumber), conversion = Label(line[cells[2]], "conversion", lineNumber);
        if (conversion > click) throw new DataFormatException(_skeleton, lineNumber, "conversion 1 without a click");
        var key = line[cells[3]];
        if (key.IsEmpty) throw new DataFormatException(_skeleton, lineNumber, "empty common_feature_index");
        RawFeatureList.Parse(line[cells[5]], FeatureCount(_skeleton, line[cells[4]], lineNumber), _fields, items, p => new DataFormatException(_skeleton, lineNumber, p));
        return new SkeletonRow(click, conversion, key.ToString());
    }

    private string ParseCommon(string text, long lineNumber, Range[] cells, List<RawFeatureItem> items)
    {
        var line = text.AsSpan();
        int count = line.Split(cells, ',');
        if (count != CommonColumns)
            throw new DataFormatException(_common, lineNumber, $"{line.Count(',') + 1} columns, expected {CommonColumns} (common_feature_index,feature_num,feature_list)");
        var key = line[cells[0]];
        if (key.IsEmpty) throw new DataFormatException(_common, lineNumber, "empty common_feature_index");
        RawFeatureList.Parse(line[cells[2]], FeatureCount(_common, line[cells[1]], lineNumber), _fields, items, p => new DataFormatException(_common, lineNumber, p));
        return key.ToString();
    }

    private float Label(ReadOnlySpan<char> cell, string column, long lineNumber) => cell switch
    {
        "0" => 0f,
        "1" => 1f,
        _ => throw new DataFormatException(_skeleton, lineNumber, $"column {column}: label '{(cell.Length > 20 ? cell[..20].ToString() + "..." : cell.ToString())}' must be 0 or 1"),
    };

    private static int FeatureCount(string path, ReadOnlySpan<char> cell, long lineNumber) =>
        int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new DataFormatException(path, lineNumber, $"feature_num '{cell}' is not a non-negative integer");

    /// <summary>A header line is allowed on line 1 only (the release has none; exports sometimes add one).</summary>
    private static bool IsHeader(string line, long lineNumber, string firstColumn) =>
        lineNumber == 1 && line.TrimStart('\uFEFF').StartsWith(firstColumn + ",", StringComparison.Ordinal);
}
