namespace AdaFtr.Shards.Readers;

/// <summary>
/// How the columns of a delimited file map onto a <see cref="DatasetSchema"/>: one role per
/// column, plus the column holding the user id (which may also be a sparse field).
/// </summary>
public sealed record ColumnLayout(DatasetSchema Schema, IReadOnlyList<string> ColumnNames, IReadOnlyList<ColumnRole> Roles, int UserColumn, bool HashUser = false)
{
    public int ColumnCount => Roles.Count;
}
