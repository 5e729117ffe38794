namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// An arm's figure minus a reference arm's, paired by seed (both trained on the same seed share
/// initialisation and batch order, so the pair's noise partly cancels), with the 95 % t-interval
/// over seeds: <c>mean(d) ± t_{0.975, n−1} · sd(d) / √n</c>. Low and High are NaN with fewer than two pairs.
/// </summary>
public readonly record struct PairedDifference(double Mean, double Low, double High, int Pairs)
{
    /// <summary>Pairs the seeds both sides have with finite values; the rest are left out.</summary>
    public static PairedDifference Of(IReadOnlyDictionary<long, double> arm, IReadOnlyDictionary<long, double> reference)
    {
        var differences = arm.Where(a => double.IsFinite(a.Value) && reference.TryGetValue(a.Key, out var r) && double.IsFinite(r))
            .OrderBy(a => a.Key).Select(a => a.Value - reference[a.Key]).ToList();
        int n = differences.Count;
        if (n == 0) return new(double.NaN, double.NaN, double.NaN, 0);
        double mean = differences.Average();
        if (n < 2) return new(mean, double.NaN, double.NaN, 1);
        double sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (n - 1));
        double half = StudentT.Quantile975(n - 1) * sd / Math.Sqrt(n);
        return new(mean, mean - half, mean + half, n);
    }

    /// <summary>True when the interval lies wholly on one side of 0.</summary>
    public bool ExcludesZero => Low > 0 || High < 0;
}
