namespace AdaFtr.Model.Metrics;

/// <summary>How users are weighted in GAUC (eq. 15).</summary>
public enum GaucWeighting
{
    /// <summary>w_u = 1 (the paper's setting).</summary>
    Uniform,
    /// <summary>w_u = the user's impressions.</summary>
    Impressions,
}

/// <summary>
/// The mergeable state of GAUC: an <see cref="AucPartial"/> per user. Users whose samples hold
/// only one class have no AUC and are skipped.
/// </summary>
public sealed record GaucPartial(IReadOnlyDictionary<long, AucPartial> Users)
{
    public static readonly GaucPartial Empty = new(new Dictionary<long, AucPartial>());

    public static GaucPartial From(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, ReadOnlySpan<long> users)
    {
        if (users.Length != scores.Length || labels.Length != scores.Length)
            throw new ArgumentException($"{scores.Length} scores, {labels.Length} labels, {users.Length} users");
        var order = new int[users.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var keys = users.ToArray();
        Array.Sort(keys, order);
        var result = new Dictionary<long, AucPartial>();
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end < order.Length && keys[end] == keys[start]) end++;
            var s = new float[end - start]; var l = new float[end - start];
            for (int k = start; k < end; k++) { s[k - start] = scores[order[k]]; l[k - start] = labels[order[k]]; }
            result[keys[start]] = AucPartial.From(s, l);
            start = end;
        }
        return new GaucPartial(result);
    }

    public GaucPartial Merge(GaucPartial other)
    {
        var merged = new Dictionary<long, AucPartial>(Users);
        foreach (var (user, partial) in other.Users)
            merged[user] = merged.TryGetValue(user, out var mine) ? mine.Merge(partial) : partial;
        return new GaucPartial(merged);
    }

    /// <summary>Σ_u w_u·AUC_u / Σ_u w_u over users with both classes; NaN when there are none.</summary>
    public double Value(GaucWeighting weighting = GaucWeighting.Uniform)
    {
        double weighted = 0, weights = 0;
        foreach (var partial in Users.Values)
        {
            double auc = partial.Value();
            if (double.IsNaN(auc)) continue;
            double w = weighting == GaucWeighting.Impressions ? partial.Count : 1;
            weighted += w * auc;
            weights += w;
        }
        return weights == 0 ? double.NaN : weighted / weights;
    }
}
