namespace AdaFtr.Shards.Readers;

/// <summary>
/// A chunk being filled by a parser: arrays sized for <see cref="Capacity"/> rows. A parser writes
/// row <see cref="Count"/> in place and calls <see cref="Commit"/>; a row that fails to parse is
/// simply not committed, so nothing has to be undone.
/// </summary>
internal sealed class RowBuffer(DatasetSchema schema, int capacity)
{
    public int Capacity { get; } = capacity;
    public int SparseFields { get; } = schema.SparseFields.Count;
    public int DenseFields { get; } = schema.DenseFields.Count;
    public int Tasks { get; } = schema.Labels.Count;
    public bool HasTruth { get; } = schema.HasTruth;
    public long[] Sparse { get; private set; } = new long[capacity * schema.SparseFields.Count];
    public float[] Dense { get; private set; } = new float[capacity * schema.DenseFields.Count];
    public float[] Labels { get; private set; } = new float[capacity * schema.Labels.Count];
    public long[] User { get; private set; } = new long[capacity];
    public float[]? Truth { get; private set; } = schema.HasTruth ? new float[capacity * schema.Labels.Count] : null;
    public int Count { get; private set; }
    public bool IsFull => Count == Capacity;

    public Span<long> SparseRow => Sparse.AsSpan(Count * SparseFields, SparseFields);
    public Span<float> DenseRow => Dense.AsSpan(Count * DenseFields, DenseFields);
    public Span<float> LabelRow => Labels.AsSpan(Count * Tasks, Tasks);
    public Span<float> TruthRow => Truth.AsSpan(Count * Tasks, Tasks);
    public ref long UserOfRow => ref User[Count];

    public void Commit() => Count++;

    /// <summary>Hands the filled rows over (trimmed) and starts a fresh chunk.</summary>
    public ColumnarRows TakeRows()
    {
        var rows = Count == Capacity
            ? new ColumnarRows(Sparse, Dense, Labels, User, Count, SparseFields, DenseFields, Tasks, Truth)
            : new ColumnarRows(Sparse, Dense, Labels, User, Capacity, SparseFields, DenseFields, Tasks, Truth).Slice(0, Count);
        Sparse = new long[Capacity * SparseFields];
        Dense = new float[Capacity * DenseFields];
        Labels = new float[Capacity * Tasks];
        User = new long[Capacity];
        Truth = HasTruth ? new float[Capacity * Tasks] : null;
        Count = 0;
        return rows;
    }
}
