namespace AdaFtr.Shards.Readers;

/// <summary>What a column of a delimited file holds.</summary>
public enum ColumnKind { Ignored, Sparse, Dense, Label }

/// <summary>
/// One column's role: its kind and its index within that kind (sparse field i, dense field j,
/// label k); <see cref="HashBuckets"/> &gt; 0 makes a sparse column hash arbitrary strings into
/// that many buckets instead of expecting integer ids.
/// </summary>
public readonly record struct ColumnRole(ColumnKind Kind, int Index = 0, long HashBuckets = 0);
