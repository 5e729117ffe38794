namespace AdaFtr.Shards.Readers;

/// <summary>What a column of a delimited file holds.</summary>
public enum ColumnKind { Ignored, Sparse, Dense, Label }

/// <summary>
/// One column's role: its kind and its index within that kind (sparse field i, dense field j,
/// label k); <see cref="HashBuckets"/> &gt; 0 makes a sparse column hash arbitrary strings into
/// that many buckets instead of expecting integer ids.
/// </summary>
public readonly record struct ColumnRole(ColumnKind Kind, int Index = 0, long HashBuckets = 0);

/// <summary>
/// How the columns of a delimited file map onto a <see cref="DatasetSchema"/>: one role per
/// column, plus the column holding the user id (which may also be a sparse field).
/// </summary>
public sealed record ColumnLayout(DatasetSchema Schema, IReadOnlyList<string> ColumnNames, IReadOnlyList<ColumnRole> Roles, int UserColumn, bool HashUser = false)
{
    public int ColumnCount => Roles.Count;
}
