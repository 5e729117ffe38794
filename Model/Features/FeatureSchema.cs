using System.Text.Json.Serialization;

namespace AdaFtr.Model.Features;

/// <summary>
/// A categorical input. Ids index a vocabulary of <see cref="VocabularySize"/> rows; when
/// <see cref="Hashed"/> is true the ids are arbitrary non-negative hashes folded into that many buckets.
/// </summary>
public sealed record SparseField(string Name, int VocabularySize, bool Hashed = false);

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
    /// <summary>The task names the objective understands, in label-column order.</summary>
    public static readonly IReadOnlyList<string> KnownTasks = ["ctr", "cvr", "view"];

    /// <summary>Rows of the shared embedding table.</summary>
    [JsonIgnore]
    public long EmbeddingRows => SparseFields.Sum(f => (long)f.VocabularySize);

    /// <summary>First row of each field in the shared table.</summary>
    public long[] FieldRowOffsets()
    {
        var offsets = new long[SparseFields.Count];
        long next = 0;
        for (int i = 0; i < offsets.Length; i++) { offsets[i] = next; next += SparseFields[i].VocabularySize; }
        return offsets;
    }

    /// <summary>
    /// Per field, the modulus applied to its ids: the bucket count for hashed fields, and
    /// <see cref="long.MaxValue"/> (a no-op on valid ids) for vocabulary fields, so folding is one tensor op.
    /// </summary>
    public long[] FieldIdModuli() =>
        SparseFields.Select(f => f.Hashed ? f.VocabularySize : long.MaxValue).ToArray();
}
