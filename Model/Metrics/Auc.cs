namespace AdaFtr.Model.Metrics;

/// <summary>Exact ROC AUC: the probability that a random positive scores above a random negative, ties counting half.</summary>
public static class Auc
{
    /// <returns>AUC, or <see cref="double.NaN"/> when only one class is present.</returns>
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        if (scores.Length != labels.Length) throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels");
        var order = new int[scores.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        double positives = 0, negatives = 0, rankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end < order.Length && keys[end] == keys[start]) end++;
            double midRank = (start + end + 1) / 2.0;   // 1-based average rank of the tie group
            for (int k = start; k < end; k++)
            {
                if (labels[order[k]] > 0.5f) { positives++; rankSum += midRank; } else negatives++;
            }
            start = end;
        }
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
