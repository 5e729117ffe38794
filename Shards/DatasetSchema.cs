using AdaFtr.Model.Features;

namespace AdaFtr.Shards;

/// <summary>
/// The columns of a data set as the shard format stores them: sparse ids [N, F], dense values
/// [N, D], labels [N, T] (source names in <see cref="Labels"/>, model task names in
/// <see cref="Tasks"/>, same order: ctr, cvr[, view]), a user id [N] for GAUC, and optionally the
/// generating probabilities [N, T] of a synthetic set (<see cref="HasTruth"/>).
/// </summary>
public sealed record DatasetSchema(
    IReadOnlyList<string> SparseFields,
    IReadOnlyList<string> DenseFields,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Tasks,
    string? UserField,
    bool HasTruth = false)
{
    /// <summary>The model's view of this data, with one vocabulary size per sparse field.</summary>
    public FeatureSchema ToFeatureSchema(IReadOnlyList<long> vocabularySizes)
    {
        if (vocabularySizes.Count != SparseFields.Count)
            throw new ArgumentException($"{vocabularySizes.Count} vocabulary sizes for {SparseFields.Count} sparse fields", nameof(vocabularySizes));
        return new FeatureSchema(
            SparseFields.Select((name, i) => new SparseField(name, (int)Math.Clamp(vocabularySizes[i], 1, int.MaxValue))).ToList(),
            DenseFields.ToList(), Tasks.ToList(), UserField);
    }

    /// <summary>Bytes one row takes uncompressed in a block.</summary>
    public int RowBytes => SparseFields.Count * sizeof(long) + DenseFields.Count * sizeof(float)
                           + Labels.Count * sizeof(float) * (HasTruth ? 2 : 1) + sizeof(long);

    /// <summary>True when both describe the same columns (names and order).</summary>
    public bool SameColumns(DatasetSchema other) =>
        SparseFields.SequenceEqual(other.SparseFields) && DenseFields.SequenceEqual(other.DenseFields)
        && Labels.SequenceEqual(other.Labels) && Tasks.SequenceEqual(other.Tasks)
        && UserField == other.UserField && HasTruth == other.HasTruth;
}
