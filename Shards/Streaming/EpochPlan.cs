using AdaFtr.Shards.Format;

namespace AdaFtr.Shards.Streaming;

/// <summary>A block of a shard set, by shard index and block index within the shard.</summary>
public readonly record struct BlockRef(int Shard, int Block);

/// <summary>
/// The order in which one epoch visits blocks: shard by shard, block by block, or, when
/// shuffling, a permutation drawn from (seed, epoch) alone, so any process computes the same order.
/// </summary>
public static class EpochPlan
{
    public static BlockRef[] Order(ShardManifest manifest, IReadOnlyList<int> shards, long seed, int epoch, bool shuffle)
    {
        var order = shards.SelectMany(s => Enumerable.Range(0, manifest.Shards[s].Blocks.Count).Select(b => new BlockRef(s, b))).ToArray();
        if (!shuffle) return order;
        var random = new SplitMix64(SplitMix64.Combine(seed, epoch, 0x0B10C));
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
