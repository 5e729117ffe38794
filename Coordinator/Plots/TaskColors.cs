using ScottPlot;

namespace AdaFtr.Coordinator.Plots;

/// <summary>One colour per task (ctr, cvr, view), the same in every chart adaftr draws.</summary>
public static class TaskColors
{
    private static readonly Color[] Palette = [Colors.SteelBlue, Colors.DarkOrange, Colors.SeaGreen];

    public static Color Of(int task) => Palette[task % Palette.Length];
}
