namespace AdaFtr.Shards.Format;

/// <summary>How to write a shard set.</summary>
/// <param name="Shards">Number of shard files; row i of the input goes to shard i mod N. Default 1.</param>
/// <param name="BlockRows">Rows per block (the unit of checksumming, shuffling and reading). Default 65,536.</param>
/// <param name="Compression">Block payload compression. Default none (fastest from the page cache).</param>
public sealed record ShardWriteOptions(int Shards = 1, int BlockRows = 1 << 16, ShardCompression Compression = ShardCompression.None)
{
    public void Validate()
    {
        if (Shards < 1) throw new ArgumentOutOfRangeException(nameof(Shards), Shards, "shards must be 1 or more");
        if (BlockRows is < 1 or > ShardManifest.MaxBlockRows)
            throw new ArgumentOutOfRangeException(nameof(BlockRows), BlockRows, $"block rows must be between 1 and {ShardManifest.MaxBlockRows}, the most a reader accepts");
    }
}
