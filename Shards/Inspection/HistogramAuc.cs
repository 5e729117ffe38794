namespace AdaFtr.Shards.Inspection;

/// <summary>
/// ROC AUC of a probability score in constant memory, for sets of any size: positives and
/// negatives are counted in 65,536 bins over logit(p) in [-20, 20] (a bin is 0.0006 wide in logit,
/// fine enough for rare events like conversions), and the AUC is computed from the bin counts,
/// ties within a bin counted half. Used to report the best achievable AUC of a synthetic set from
/// its generating probabilities.
/// </summary>
public sealed class HistogramAuc
{
    private const int Bins = 1 << 16;
    private const double Range = 20;
    private readonly long[] _positives = new long[Bins];
    private readonly long[] _negatives = new long[Bins];

    public void Add(double probability, bool positive)
    {
        double p = Math.Clamp(probability, 1e-12, 1 - 1e-12);
        double logit = Math.Log(p / (1 - p));
        int bin = (int)Math.Clamp((logit + Range) / (2 * Range) * Bins, 0, Bins - 1);
        (positive ? _positives : _negatives)[bin]++;
    }

    /// <summary>The AUC, or NaN when one class is absent.</summary>
    public double Value()
    {
        double below = 0, area = 0;
        long positives = 0, negatives = 0;
        for (int b = 0; b < Bins; b++)
        {
            area += _positives[b] * (below + _negatives[b] / 2.0);
            below += _negatives[b];
            positives += _positives[b];
            negatives += _negatives[b];
        }
        return positives == 0 || negatives == 0 ? double.NaN : area / ((double)positives * negatives);
    }
}
