using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Inspection;

/// <summary>What <c>adaftr data inspect</c> reports about one sparse or dense field.</summary>
public sealed record FieldProfile(string Name, string Kind, long? VocabularySize, double? Min, double? Max, double? Mean);

/// <summary>
/// Counts rows and label positives and summarises each field over a stream of chunks, keeping
/// the first few rows to show. Memory: constant in the number of rows.
/// </summary>
public sealed class DataProfile(DatasetSchema schema, int keepRows = 5)
{
    private readonly long[] _positives = new long[schema.Labels.Count];
    private readonly long[] _vocabulary = new long[schema.SparseFields.Count];
    private readonly double[] _min = Enumerable.Repeat(double.PositiveInfinity, schema.DenseFields.Count).ToArray();
    private readonly double[] _max = Enumerable.Repeat(double.NegativeInfinity, schema.DenseFields.Count).ToArray();
    private readonly double[] _sum = new double[schema.DenseFields.Count];
    private readonly List<ColumnarRows> _first = [];
    private readonly HistogramAuc[] _oracle = schema.HasTruth ? schema.Labels.Select(_ => new HistogramAuc()).ToArray() : [];

    public DatasetSchema Schema { get; } = schema;
    public long Rows { get; private set; }

    public void Add(ColumnarRows rows)
    {
        if (_first.Sum(r => r.Rows) < keepRows) _first.Add(rows.Slice(0, Math.Min(rows.Rows, keepRows - _first.Sum(r => r.Rows))));
        for (int i = 0; i < rows.Rows * rows.Tasks; i++) if (rows.Labels[i] > 0.5f) _positives[i % rows.Tasks]++;
        for (int i = 0; i < rows.Rows * rows.SparseFields; i++)
        {
            ref long size = ref _vocabulary[i % rows.SparseFields];
            size = Math.Max(size, rows.Sparse[i] + 1);
        }
        for (int i = 0; i < rows.Rows * rows.DenseFields; i++)
        {
            int j = i % rows.DenseFields;
            double x = rows.Dense[i];
            if (x < _min[j]) _min[j] = x;
            if (x > _max[j]) _max[j] = x;
            _sum[j] += x;
        }
        if (rows.Truth is not null)
            for (int i = 0; i < rows.Rows * rows.Tasks; i++) _oracle[i % rows.Tasks].Add(rows.Truth[i], rows.Labels[i] > 0.5f);
        Rows += rows.Rows;
    }

    /// <summary>
    /// For synthetic sets, the AUC of the generating probabilities per label: what a perfect model
    /// would reach on these rows. Null when the set has no truth columns; a label with only one class has a null AUC.
    /// </summary>
    public IReadOnlyDictionary<string, double?>? OracleAuc() =>
        _oracle.Length == 0 ? null : Schema.Labels.Select((name, k) => (name, auc: _oracle[k].Value())).ToDictionary(p => p.name, p => double.IsNaN(p.auc) ? null : (double?)p.auc);

    /// <summary>Share of rows with each label set, by label name.</summary>
    public IReadOnlyDictionary<string, double> LabelRates() =>
        Schema.Labels.Select((name, k) => (name, rate: Rows == 0 ? 0 : (double)_positives[k] / Rows)).ToDictionary(p => p.name, p => p.rate);

    public IReadOnlyList<FieldProfile> Fields() =>
        Schema.SparseFields.Select((name, f) => new FieldProfile(name, "sparse", _vocabulary[f], null, null, null))
            .Concat(Schema.DenseFields.Select((name, j) => Rows == 0
                ? new FieldProfile(name, "dense", null, null, null, null)
                : new FieldProfile(name, "dense", null, _min[j], _max[j], _sum[j] / Rows)))
            .ToList();

    /// <summary>The first rows seen (at most the number asked for).</summary>
    public ColumnarRows? FirstRows() => _first.Count == 0 ? null : ColumnarRowsConcat.Of(_first);
}
