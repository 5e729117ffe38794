namespace AdaFtr.Coordinator.Experiments;

/// <summary>Row indices in a seeded random order, reshuffled at each new epoch: batches without replacement within an epoch.</summary>
public sealed class EpochOrder(int rows, long seed)
{
    private readonly Random _random = new((int)seed);
    private readonly long[] _order = Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
    private int _next = rows;

    /// <summary>The next <paramref name="count"/> row indices (at most the row count), crossing into a fresh shuffle when an epoch ends.</summary>
    public long[] Next(int count)
    {
        var taken = new long[count];
        for (int i = 0; i < count; i++)
        {
            if (_next == _order.Length) { _random.Shuffle(_order); _next = 0; }
            taken[i] = _order[_next++];
        }
        return taken;
    }
}
