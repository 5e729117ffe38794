using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Tests;

/// <summary>
/// Test rows whose every value derives from the row number (user = row number), so a test can
/// tell exactly which rows came back and whether their columns still belong together.
/// </summary>
internal sealed class NumberedRows(int rows, bool truth = false) : IRowSource
{
    public static readonly DatasetSchema TestSchema = new(["a", "b", "c"], ["x", "y"], ["click", "purchase"], ["ctr", "cvr"], "a");

    public DatasetSchema Schema { get; } = truth ? TestSchema with { HasTruth = true } : TestSchema;
    public string Description => $"numbered:{rows}";

    public IEnumerable<ColumnarRows> ReadChunks(int chunkRows)
    {
        for (int start = 0; start < rows; start += chunkRows)
            yield return Make(start, Math.Min(chunkRows, rows - start), truth);
    }

    public static ColumnarRows Make(int start, int count, bool truth = false)
    {
        var r = new ColumnarRows(new long[count * 3], new float[count * 2], new float[count * 2], new long[count], count, 3, 2, 2, truth ? new float[count * 2] : null);
        for (int i = 0; i < count; i++)
        {
            long n = start + i;
            r.Sparse[i * 3] = n; r.Sparse[i * 3 + 1] = n % 7; r.Sparse[i * 3 + 2] = n % 1000;
            r.Dense[i * 2] = n * 0.5f; r.Dense[i * 2 + 1] = -n;
            r.Labels[i * 2] = n % 4 == 0 ? 1 : 0; r.Labels[i * 2 + 1] = n % 12 == 0 ? 1 : 0;
            r.User[i] = n;
            if (truth) { r.Truth![i * 2] = n % 100 / 100f; r.Truth[i * 2 + 1] = n % 10 / 100f; }
        }
        return r;
    }

    /// <summary>Checks that row <paramref name="i"/> of <paramref name="rows"/> is internally consistent and returns its number.</summary>
    public static long Check(ColumnarRows rows, int i)
    {
        long n = rows.User[i];
        rows.Sparse[i * 3].Should().Be(n);
        rows.Sparse[i * 3 + 1].Should().Be(n % 7);
        rows.Dense[i * 2].Should().Be(n * 0.5f);
        rows.Labels[i * 2].Should().Be(n % 4 == 0 ? 1 : 0);
        return n;
    }
}
