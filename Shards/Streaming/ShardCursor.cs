namespace AdaFtr.Shards.Streaming;

/// <summary>
/// Where a reader is, saved with a checkpoint and handed back to resume exactly: epoch, then the
/// shuffle window's first block (shard, block), then how many rows of that window were already
/// yielded. Without shuffling a window is one block, so this is literally (shard, block, row).
/// </summary>
public sealed record ShardCursor(int Epoch, int Shard, int Block, long Row)
{
    public override string ToString() => $"epoch {Epoch}, shard {Shard}, block {Block}, row {Row}";
}
