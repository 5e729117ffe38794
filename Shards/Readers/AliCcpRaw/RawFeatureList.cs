using System.Globalization;

namespace AdaFtr.Shards.Readers.AliCcpRaw;

/// <summary>
/// Parses a raw Ali-CCP <c>feature_list</c>: items separated by byte 0x01, each
/// <c>field_id 0x02 feature_id 0x03 value</c>. Items of fields the schema does not use are
/// skipped (after checking they are well formed).
/// </summary>
internal static class RawFeatureList
{
    public const char ItemSeparator = '\u0001', FieldSeparator = '\u0002', ValueSeparator = '\u0003';

    /// <summary>Parses <paramref name="list"/> into <paramref name="items"/> (cleared first); throws a problem description on bad input.</summary>
    public static void Parse(ReadOnlySpan<char> list, int declaredCount, AliCcpRawFields fields, List<RawFeatureItem> items, Func<string, Exception> problem)
    {
        items.Clear();
        if (list.IsEmpty)
        {
            if (declaredCount != 0) throw problem($"feature_num says {declaredCount} items, the feature list is empty");
            return;
        }
        int count = 0;
        foreach (var range in list.Split(ItemSeparator))
        {
            count++;
            var item = list[range];
            int f = item.IndexOf(FieldSeparator), v = item.IndexOf(ValueSeparator);
            if (f <= 0 || v < f + 2 || v == item.Length - 1)
                throw problem($"item {count} '{Printable(item)}' is not field_id\\x02feature_id\\x03value (wrong separators?)");
            var field = item[..f];
            if (!long.TryParse(item[(f + 1)..v], NumberStyles.None, CultureInfo.InvariantCulture, out var featureId))
                throw problem($"item {count}: feature id '{Printable(item[(f + 1)..v])}' is not a non-negative integer");
            if (!float.TryParse(item[(v + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                throw problem($"item {count}: value '{Printable(item[(v + 1)..])}' is not a finite number");
            int slot = fields.SlotOf(field);
            if (slot >= 0) items.Add(new RawFeatureItem(slot, featureId, value));
        }
        if (count != declaredCount) throw problem($"feature_num says {declaredCount} items, the feature list has {count}");
    }

    private static string Printable(ReadOnlySpan<char> text)
    {
        var s = text.Length > 40 ? $"{text[..40]}..." : text.ToString();
        return s.Replace("\u0001", "\\x01").Replace("\u0002", "\\x02").Replace("\u0003", "\\x03");
    }
}
