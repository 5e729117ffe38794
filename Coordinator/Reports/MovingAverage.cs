namespace AdaFtr.Coordinator.Reports;

/// <summary>The trailing mean over a window, so a noisy per-step loss shows its trend.</summary>
public static class MovingAverage
{
    /// <summary>A window of about a twentieth of the run, at least 1 and at most 200 steps.</summary>
    public static int WindowFor(int count) => Math.Clamp(count / 20, 1, 200);

    /// <returns>Element i is the mean of values[max(0, i − window + 1) .. i].</returns>
    public static double[] Of(IReadOnlyList<double> values, int window)
    {
        var means = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            means[i] = sum / Math.Min(i + 1, window);
        }
        return means;
    }
}
