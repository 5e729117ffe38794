using System.Runtime.InteropServices;

namespace AdaFtr.Shards.Readers.AliCcpRaw;

/// <summary>
/// The common features, keyed by <c>common_feature_index</c>, held compactly: per row and field a
/// vocabulary id (int, −1 = absent), the item value, and the raw id of the user field.
/// </summary>
internal sealed class CommonFeatureTable(int slots)
{
    private readonly Dictionary<string, int> _rows = [];
    private readonly List<int> _ids = [];
    private readonly List<float> _values = [];
    private readonly List<long> _rawIds = [];

    public int Count => _rows.Count;

    public bool TryGet(string key, out int row) => _rows.TryGetValue(key, out row);

    /// <summary>Adds a row; false when the key is already there.</summary>
    public bool Add(string key, List<RawFeatureItem> items, RawVocabulary vocabulary)
    {
        if (!_rows.TryAdd(key, _rows.Count)) return false;
        int start = _ids.Count;
        for (int s = 0; s < slots; s++) { _ids.Add(-1); _values.Add(0f); _rawIds.Add(0); }
        var ids = CollectionsMarshal.AsSpan(_ids)[start..];
        var values = CollectionsMarshal.AsSpan(_values)[start..];
        var raw = CollectionsMarshal.AsSpan(_rawIds)[start..];
        foreach (var item in items)
        {
            if (ids[item.Slot] >= 0) continue;
            ids[item.Slot] = checked((int)vocabulary.IdOf(item.Slot, item.FeatureId));
            values[item.Slot] = item.Value;
            raw[item.Slot] = item.FeatureId;
        }
        return true;
    }

    /// <summary>Fills the fields a row does not have yet (<paramref name="present"/> false) from common row <paramref name="row"/>.</summary>
    public void Apply(int row, bool[] present, Span<long> sparse, float[] values, long[] raw)
    {
        int start = row * slots;
        var ids = CollectionsMarshal.AsSpan(_ids).Slice(start, slots);
        for (int s = 0; s < slots; s++)
        {
            if (present[s] || ids[s] < 0) continue;
            present[s] = true;
            sparse[s] = ids[s];
            values[s] = _values[start + s];
            raw[s] = _rawIds[start + s];
        }
    }
}
