using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Synthetic;

/// <summary>
/// Generates chunks on all cores and yields them in row order. Synthetic row r depends only on
/// (seed, day, r), so chunks are independent and the output is the same as a single thread's.
/// Memory: one chunk per core in flight.
/// </summary>
internal static class OrderedParallelChunks
{
    /// <param name="fill">Writes rows [first, first + count) into the buffer; must be safe to call from several threads at once.</param>
    public static IEnumerable<ColumnarRows> Generate(DatasetSchema schema, long rows, int chunkRows, Action<RowBuffer, long, int> fill)
    {
        int inFlight = Math.Max(1, Environment.ProcessorCount);
        for (long first = 0; first < rows; first += (long)chunkRows * inFlight)
        {
            var starts = Enumerable.Range(0, inFlight).Select(i => first + (long)i * chunkRows).Where(start => start < rows).ToArray();
            var chunks = new ColumnarRows[starts.Length];
            Parallel.For(0, starts.Length, i =>
            {
                var buffer = new RowBuffer(schema, chunkRows);
                fill(buffer, starts[i], (int)Math.Min(chunkRows, rows - starts[i]));
                chunks[i] = buffer.TakeRows();
            });
            foreach (var chunk in chunks) yield return chunk;
        }
    }
}
