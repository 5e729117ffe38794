using AdaFtr.Coordinator.Plots;
using ScottPlot;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// The results table as a PNG: one bar per (arm, task) AUC with its ± std error bar, and the
/// oracle AUC of each task as a dashed line where the data are synthetic.
/// </summary>
public static class ResultChart
{
    public static void Write(SuiteResult result, string path)
    {
        var summaries = ArmSummary.Of(result);
        var tasks = result.Tasks;
        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        int width = tasks.Count + 1;                                     // one gap between arms
        for (int a = 0; a < summaries.Count; a++)
        {
            for (int t = 0; t < tasks.Count; t++)
            {
                var auc = summaries[a].Auc[t];
                if (double.IsNaN(auc.Mean)) continue;
                bars.Add(new Bar
                {
                    Position = a * width + t,
                    Value = auc.Mean,
                    Error = double.IsNaN(auc.Std) ? 0 : auc.Std,
                    FillColor = TaskColors.Of(t),
                });
            }
            ticks.Add(new Tick(a * width + (tasks.Count - 1) / 2.0, summaries[a].Arm.Name));
        }
        plot.Add.Bars(bars);
        for (int t = 0; t < tasks.Count; t++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{tasks[t]} AUC", FillColor = TaskColors.Of(t) });
            if (result.OracleAuc is { } oracle && double.IsFinite(oracle[t]))
            {
                var line = plot.Add.HorizontalLine(oracle[t]);
                line.LineColor = TaskColors.Of(t);
                line.LinePattern = LinePattern.Dashed;
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{tasks[t]} oracle", LineColor = TaskColors.Of(t), LinePattern = LinePattern.Dashed, LineWidth = 2 });
            }
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 40;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 190;
        plot.Axes.Margins(bottom: 0);
        var values = bars.Select(b => b.Value).Concat(result.OracleAuc?.Where(double.IsFinite) ?? []).DefaultIfEmpty(0.5).ToList();
        // AUC differences of a few 0.001 are what matters: zoom to the range the bars span.
        plot.Axes.SetLimitsY(Math.Max(0, values.Min() - 0.03), Math.Min(1.0, values.Max() + 0.03));
        plot.Title($"{result.Suite}: {result.DataDescription}");
        plot.YLabel("test AUC (mean ± std over seeds)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1200, 700);
    }
}
