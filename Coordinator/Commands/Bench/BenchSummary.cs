using System.Globalization;
using System.Text.Json;
using AdaFtr.Coordinator.Console;

namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// N runs of one benchmark (<c>--repeat N</c>), figure by figure: median, min and max. With --json,
/// <c>{"bench": name, "runs": N, "figures": {medians}, "min": {...}, "max": {...}}</c> (plus "labels"), so
/// whatever reads one run's "figures" (<c>bench compare</c> included) reads the medians.
/// </summary>
public sealed record BenchSummary(
    string Bench,
    int Runs,
    IReadOnlyDictionary<string, double> Median,
    IReadOnlyDictionary<string, double> Min,
    IReadOnlyDictionary<string, double> Max,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>A figure missing from some runs is summarised over the runs that have it; a label that differs between runs lists each value once.</summary>
    public static BenchSummary Of(IReadOnlyList<BenchReport> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("no runs to summarise", nameof(runs));
        var names = runs.SelectMany(r => r.Figures.Keys).Distinct().ToList();
        var values = names.ToDictionary(n => n, n => runs.Where(r => r.Figures.ContainsKey(n)).Select(r => r.Figures[n]).ToList());
        var labels = runs.SelectMany(r => r.Labels ?? new Dictionary<string, string>())
            .GroupBy(l => l.Key)
            .ToDictionary(g => g.Key, g => string.Join(" | ", g.Select(l => l.Value).Distinct()));
        return new BenchSummary(
            runs[0].Bench,
            runs.Count,
            names.ToDictionary(n => n, n => MedianOf(values[n])),
            names.ToDictionary(n => n, n => values[n].Min()),
            names.ToDictionary(n => n, n => values[n].Max()),
            labels);
    }

    /// <summary>The middle value, or the mean of the two middle ones for an even count.</summary>
    public static double MedianOf(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public void Print(TextWriter output, bool json)
    {
        if (json)
        {
            var report = new Dictionary<string, object> { ["bench"] = Bench, ["runs"] = Runs, ["figures"] = Median, ["min"] = Min, ["max"] = Max };
            if (Labels.Count > 0) report["labels"] = Labels;
            output.WriteLine(JsonSerializer.Serialize(report));
            return;
        }
        var console = CliConsole.For(output);
        console.Line($"bench {Bench}, {Runs} runs:");
        var table = new ListTable(console, "figure", "median", "min", "max").Numeric(1, 2, 3);
        foreach (var name in Median.Keys) table.Row(name, Format(Median[name]), Format(Min[name]), Format(Max[name]));
        foreach (var (name, value) in Labels) table.Row(name, value, "", "");
        table.Write();
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
