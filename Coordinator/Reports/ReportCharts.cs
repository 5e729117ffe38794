using AdaFtr.Checkpoints;
using AdaFtr.Coordinator.Plots;
using ScottPlot;

namespace AdaFtr.Coordinator.Reports;

/// <summary>A job's curves as PNGs: the per-step training loss with its moving average, and AUC/GAUC per task over the evaluations.</summary>
public static class ReportCharts
{
    public const int Width = 1000, Height = 500;
    public const string LossName = "loss.png", EvalName = "eval.png";

    public static void WriteLoss(JobHistory history, string path)
    {
        var plot = new Plot();
        var steps = Enumerable.Range(1, history.Losses.Count).Select(s => (double)s).ToArray();
        var raw = plot.Add.ScatterLine(steps, history.Losses.ToArray());
        raw.LegendText = "loss per step";
        raw.Color = Colors.SteelBlue.WithAlpha(0.35);
        int window = MovingAverage.WindowFor(history.Losses.Count);
        var mean = plot.Add.ScatterLine(steps, MovingAverage.Of(history.Losses, window));
        mean.LegendText = $"moving average ({window} steps)";
        mean.Color = Colors.DarkBlue;
        mean.LineWidth = 2;
        plot.Title($"{history.Job}: training loss");
        plot.XLabel("step");
        plot.YLabel("loss (mean over workers)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    /// <returns>False (and nothing written) when the job has no evaluations.</returns>
    public static bool WriteEvaluations(JobHistory history, string path)
    {
        if (history.Evaluations.Count == 0) return false;
        var plot = new Plot();
        var tasks = history.Evaluations.Select(e => e.Task).Distinct().ToList();
        for (int t = 0; t < tasks.Count; t++)
        {
            var points = history.Evaluations.Where(e => e.Task == tasks[t]).OrderBy(e => e.Step).ToList();
            Line(plot, points.Select(p => ((double)p.Step, p.Auc)), $"{tasks[t]} AUC", TaskColors.Of(t), LinePattern.Solid, MarkerShape.FilledCircle);
            Line(plot, points.Select(p => ((double)p.Step, p.Gauc)), $"{tasks[t]} GAUC", TaskColors.Of(t), LinePattern.Dashed, MarkerShape.OpenSquare);
        }
        plot.Title($"{history.Job}: evaluation");
        plot.XLabel("step");
        plot.YLabel("AUC / GAUC");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
        return true;
    }

    private static void Line(Plot plot, IEnumerable<(double Step, double Value)> points, string label, Color color, LinePattern pattern, MarkerShape marker)
    {
        var finite = points.Where(p => double.IsFinite(p.Value)).ToList();   // AUC is NaN while a task has one class only
        if (finite.Count == 0) return;
        var line = plot.Add.Scatter(finite.Select(p => p.Step).ToArray(), finite.Select(p => p.Value).ToArray());
        line.LegendText = label;
        line.Color = color;
        line.LinePattern = pattern;
        line.LineWidth = 2;
        line.MarkerShape = marker;
        line.MarkerSize = 6;
    }
}
