namespace AdaFtr.Shards.Readers.AliCcpRaw;

/// <summary>
/// Maps raw feature ids to compact ids per field. Built from one counting pass: ids seen at least
/// <c>minCount</c> times get 1, 2, ... by descending count (ties by raw id, so the mapping is
/// deterministic); rarer and unseen ids map to 0. With hashing, no pass is needed: ids hash into
/// [1, buckets).
/// </summary>
public sealed class RawVocabulary
{
    private readonly Dictionary<long, long>[] _counts;
    private Dictionary<long, long>[]? _ids;
    private readonly long _hashBuckets;

    public RawVocabulary(int fields, long hashBuckets)
    {
        _hashBuckets = hashBuckets;
        _counts = Enumerable.Range(0, fields).Select(_ => new Dictionary<long, long>()).ToArray();
    }

    public bool Hashing => _hashBuckets > 0;

    public void Count(int field, long featureId, long times = 1)
    {
        ref long count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts[field], featureId, out _);
        count += times;
    }

    /// <summary>Fixes the mapping after counting.</summary>
    public void Freeze(long minCount)
    {
        _ids = _counts.Select(counts => counts.Where(kv => kv.Value >= minCount)
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key)
                .Select((kv, i) => (kv.Key, Id: (long)i + 1)).ToDictionary(p => p.Key, p => p.Id))
            .ToArray();
        foreach (var c in _counts) c.Clear();
    }

    public long IdOf(int field, long featureId)
    {
        if (Hashing) return 1 + (long)(SplitMix64.Mix((ulong)featureId ^ ((ulong)field << 56)) % (ulong)(_hashBuckets - 1));
        var ids = _ids ?? throw new InvalidOperationException("the vocabulary is not frozen yet");
        return ids[field].GetValueOrDefault(featureId);
    }

    /// <summary>Vocabulary size per field (ids are below it; 0 is the rare/unknown id).</summary>
    public long[] Sizes() => Hashing ? Enumerable.Repeat(_hashBuckets, _counts.Length).ToArray() : _ids!.Select(d => (long)d.Count + 1).ToArray();
}
