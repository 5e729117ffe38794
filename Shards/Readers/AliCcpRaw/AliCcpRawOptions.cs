namespace AdaFtr.Shards.Readers.AliCcpRaw;

/// <summary>How raw Ali-CCP feature ids become vocabulary ids.</summary>
/// <param name="MinCount">Ids seen fewer times than this (over all impressions) map to 0, the rare/unknown id. Default 1 (keep every id).</param>
/// <param name="HashBuckets">When &gt; 1, hash ids into [1, buckets) per field instead of counting (no counting pass). Default 0 (off).</param>
public sealed record AliCcpRawOptions(long MinCount = 1, long HashBuckets = 0)
{
    public void Validate()
    {
        if (MinCount < 1) throw new ArgumentOutOfRangeException(nameof(MinCount), MinCount, "min count must be 1 or more");
        if (HashBuckets is < 0 or 1) throw new ArgumentOutOfRangeException(nameof(HashBuckets), HashBuckets, "hash buckets must be 0 (off) or 2 or more");
    }
}
