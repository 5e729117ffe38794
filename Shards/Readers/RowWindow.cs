namespace AdaFtr.Shards.Readers;

/// <summary>
/// Rows [<paramref name="skip"/>, <paramref name="skip"/> + <paramref name="take"/>) of another source: a train/test split of
/// one generated set, where both halves must come from the same generating model.
/// </summary>
public sealed class RowWindow(IRowSource source, long skip, long take) : IRowSource
{
    public DatasetSchema Schema => source.Schema;

    public string Description => $"rows {skip:N0} to {skip + take:N0} of {source.Description}";

    public IEnumerable<ColumnarRows> ReadChunks(int chunkRows)
    {
        long at = 0, end = skip + take;
        foreach (var chunk in source.ReadChunks(chunkRows))
        {
            long from = Math.Max(at, skip), to = Math.Min(at + chunk.Rows, end);
            if (to > from) yield return from == at && to == at + chunk.Rows ? chunk : chunk.Slice((int)(from - at), (int)(to - from));
            at += chunk.Rows;
            if (at >= end) yield break;
        }
    }
}
