namespace AdaFtr.Shards.Tests;

/// <summary>ROC AUC by ranking (ties get the average rank): a plain reference, independent of the model library.</summary>
internal static class ReferenceAuc
{
    public static double Of(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0; long positives = 0;
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]]) j++;
            double rank = (i + j + 1) / 2.0;
            for (int k = i; k < j; k++) if (positive[order[k]]) { rankSum += rank; positives++; }
            i = j;
        }
        long negatives = scores.Count - positives;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
