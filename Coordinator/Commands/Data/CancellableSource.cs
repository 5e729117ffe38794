using AdaFtr.Shards;
using AdaFtr.Shards.Readers;

namespace AdaFtr.Coordinator.Commands.Data;

/// <summary>Stops a long read between chunks when the user presses Ctrl+C.</summary>
internal sealed class CancellableSource(IRowSource inner, CancellationToken cancellationToken) : IRowSource
{
    public DatasetSchema Schema => inner.Schema;
    public string Description => inner.Description;

    public IEnumerable<ColumnarRows> ReadChunks(int chunkRows)
    {
        foreach (var chunk in inner.ReadChunks(chunkRows))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return chunk;
        }
    }
}
