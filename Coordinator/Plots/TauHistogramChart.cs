using ScottPlot;

namespace AdaFtr.Coordinator.Plots;

/// <summary>
/// AdaFTR's per-row temperature τ (eq. 12) on the test rows, as two overlaid histograms: the rows
/// in the planted related subset and the rest. Where the relatedness net finds the planted
/// structure, related rows sit at low τ (sharp contrast) and unrelated ones at high τ.
/// </summary>
public static class TauHistogramChart
{
    private const int Bins = 40;

    public static void Write(string path, string title, IReadOnlyList<float> related, IReadOnlyList<float> unrelated, double tauLower, double tauUpper)
    {
        var plot = new Plot();
        double width = (tauUpper - tauLower) / Bins;
        foreach (var (values, label, color) in new[] { (related, "planted related", Colors.SteelBlue), (unrelated, "planted unrelated", Colors.DarkOrange) })
        {
            var shares = Histogram.Shares(values, tauLower, tauUpper, Bins);
            var bars = plot.Add.Bars(shares.Select((share, b) => new Bar
            {
                Position = tauLower + (b + 0.5) * width,
                Value = share,
                Size = width,
                FillColor = color.WithAlpha(0.5),
                LineWidth = 0,
            }).ToList());
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{label} ({values.Count:N0} rows)", FillColor = color.WithAlpha(0.5) });
        }
        plot.Title(title);
        plot.XLabel("τ (eq. 12)");
        plot.YLabel("share of rows");
        plot.ShowLegend(Alignment.UpperCenter);
        plot.SavePng(path, 900, 500);
    }
}
