namespace AdaFtr.Coordinator.Plots;

/// <summary>Shares of values per equal-width bin of [low, high]; values outside are counted in the nearest end bin.</summary>
public static class Histogram
{
    /// <returns>For each of <paramref name="bins"/> bins, the share of <paramref name="values"/> in it (all zero for no values).</returns>
    public static double[] Shares(IReadOnlyList<float> values, double low, double high, int bins)
    {
        if (!(high > low) || bins < 1) throw new ArgumentException($"need high > low and at least one bin, got [{low}, {high}] in {bins}");
        var counts = new double[bins];
        foreach (var v in values)
            counts[Math.Clamp((int)Math.Floor((v - low) / (high - low) * bins), 0, bins - 1)]++;
        if (values.Count > 0) for (int b = 0; b < bins; b++) counts[b] /= values.Count;
        return counts;
    }
}
