using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// aliccp-like vocabularies grown or shrunk to a total table size: the id-like fields (1 000 ids or
/// more: users, items, shops, ...) scale together, the small categorical ones (gender, position)
/// keep their few values, as a larger catalogue would.
/// </summary>
public static class VocabularyScaling
{
    private const long IdLikeField = 1_000;

    public static IReadOnlyList<long> AliCcpLikeTo(long totalRows)
    {
        var sizes = AliCcpLikeGenerator.VocabularySizes;
        long small = sizes.Where(v => v < IdLikeField).Sum(), large = sizes.Where(v => v >= IdLikeField).Sum();
        if (totalRows <= small + sizes.Count(v => v >= IdLikeField))
            throw new ArgumentOutOfRangeException(nameof(totalRows), totalRows, $"at least {small + sizes.Count(v => v >= IdLikeField) + 1} rows: the small fields alone hold {small}");
        double scale = (totalRows - small) / (double)large;
        return sizes.Select(v => v < IdLikeField ? v : Math.Max(2, (long)Math.Round(v * scale))).ToList();
    }
}
