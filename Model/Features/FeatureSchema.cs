namespace AdaFtr.Model.Features;

/// <summary>A categorical input: ids in [0, <see cref="VocabularySize"/>).</summary>
public sealed record SparseField(string Name, int VocabularySize);

/// <summary>
/// What a model reads: sparse fields (one shared embedding table, rows offset per field so a
/// batch is one lookup), dense fields, and the task labels, in this order (ctr, cvr[, view]).
/// </summary>
public sealed record FeatureSchema(
    IReadOnlyList<SparseField> SparseFields,
    IReadOnlyList<string> DenseFields,
    IReadOnlyList<string> Tasks,
    string? UserField = null)
{
    /// <summary>Rows of the shared embedding table.</summary>
    public long EmbeddingRows => SparseFields.Sum(f => (long)f.VocabularySize);

    /// <summary>First row of each field in the shared table.</summary>
    public long[] FieldRowOffsets()
    {
        var offsets = new long[SparseFields.Count];
        long next = 0;
        for (int i = 0; i < offsets.Length; i++) { offsets[i] = next; next += SparseFields[i].VocabularySize; }
        return offsets;
    }
}
