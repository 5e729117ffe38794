namespace AdaFtr.Model.Metrics;

/// <summary>
/// The mergeable state of an exact ROC AUC: positive and negative counts per distinct score,
/// scores sorted ascending. Merging two partials gives exactly the partial of the union, so
/// shards evaluated on different workers combine without loss.
/// </summary>
public sealed record AucPartial(float[] Scores, long[] Positives, long[] Negatives)
{
    public static readonly AucPartial Empty = new([], [], []);

    public long Count => Positives.Sum() + Negatives.Sum();

    /// <param name="labels">1 (or above 0.5) for positives.</param>
    public static AucPartial From(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        if (scores.Length != labels.Length) throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels");
        var keys = scores.ToArray();
        var positive = new bool[labels.Length];
        for (int i = 0; i < positive.Length; i++) positive[i] = labels[i] > 0.5f;
        Array.Sort(keys, positive);
        var outScores = new List<float>(); var outPositives = new List<long>(); var outNegatives = new List<long>();
        for (int i = 0; i < keys.Length; i++)
        {
            if (float.IsNaN(keys[i])) throw new ArgumentException($"score {i} is NaN");
            if (outScores.Count == 0 || outScores[^1] != keys[i]) { outScores.Add(keys[i]); outPositives.Add(0); outNegatives.Add(0); }
            if (positive[i]) outPositives[^1]++; else outNegatives[^1]++;
        }
        return new AucPartial(outScores.ToArray(), outPositives.ToArray(), outNegatives.ToArray());
    }

    /// <summary>The partial of both inputs' samples together (a merge of the sorted score lists).</summary>
    public AucPartial Merge(AucPartial other)
    {
        var scores = new List<float>(Scores.Length + other.Scores.Length);
        var positives = new List<long>(scores.Capacity); var negatives = new List<long>(scores.Capacity);
        int i = 0, j = 0;
        while (i < Scores.Length || j < other.Scores.Length)
        {
            bool takeMine = j >= other.Scores.Length || (i < Scores.Length && Scores[i] <= other.Scores[j]);
            bool takeTheirs = i >= Scores.Length || (j < other.Scores.Length && other.Scores[j] <= Scores[i]);
            scores.Add(takeMine ? Scores[i] : other.Scores[j]);
            positives.Add((takeMine ? Positives[i] : 0) + (takeTheirs ? other.Positives[j] : 0));
            negatives.Add((takeMine ? Negatives[i] : 0) + (takeTheirs ? other.Negatives[j] : 0));
            if (takeMine) i++;
            if (takeTheirs) j++;
        }
        return new AucPartial(scores.ToArray(), positives.ToArray(), negatives.ToArray());
    }

    /// <summary>P(score of a random positive &gt; that of a random negative), ties counting half; NaN with only one class.</summary>
    public double Value()
    {
        double negativesBelow = 0, pairs = 0, positives = 0;
        for (int k = 0; k < Scores.Length; k++)
        {
            pairs += Positives[k] * (negativesBelow + 0.5 * Negatives[k]);
            negativesBelow += Negatives[k];
            positives += Positives[k];
        }
        double negatives = negativesBelow;
        return positives == 0 || negatives == 0 ? double.NaN : pairs / (positives * negatives);
    }
}
