namespace AdaFtr.Shards.Streaming;

/// <summary>How a <see cref="ShardBatcher"/> reads a shard set.</summary>
/// <param name="BatchSize">Rows per batch. Default 1,024.</param>
/// <param name="Seed">Shuffle seed; the order of epoch e depends only on (seed, e). Default 0.</param>
/// <param name="Shuffle">Shuffle block order per epoch, and rows within each window of blocks. Default true.</param>
/// <param name="WindowBlocks">Blocks loaded and shuffled together (memory: this many blocks). Default 4.</param>
/// <param name="Epochs">Passes to make, counting from epoch 0; null reads forever. Default 1.</param>
/// <param name="Shards">The shards this reader owns (e.g. worker k of K takes s mod K == k); null = all.</param>
public sealed record ShardReadOptions(int BatchSize = 1024, long Seed = 0, bool Shuffle = true, int WindowBlocks = 4, int? Epochs = 1, IReadOnlyList<int>? Shards = null)
{
    public void Validate(int shardCount)
    {
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be 1 or more");
        if (WindowBlocks < 1) throw new ArgumentOutOfRangeException(nameof(WindowBlocks), WindowBlocks, "window must hold 1 block or more");
        if (Epochs < 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "epochs must be 0 or more");
        if (Shards is not null && (Shards.Count == 0 || Shards.Any(s => s < 0 || s >= shardCount) || Shards.Distinct().Count() != Shards.Count))
            throw new ArgumentOutOfRangeException(nameof(Shards), $"shards must be distinct indices in [0, {shardCount})");
    }
}
