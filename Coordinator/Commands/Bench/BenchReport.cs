using System.Globalization;
using System.Text.Json;
using AdaFtr.Coordinator.Console;

namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// The result of one benchmark: printed as a table, or as <c>{"bench": name, "figures": {...}}</c>
/// with --json, plus <c>"labels": {...}</c> when there are any (what a figure was measured with,
/// such as a library version, that is not a number).
/// </summary>
public sealed record BenchReport(string Bench, IReadOnlyDictionary<string, double> Figures, IReadOnlyDictionary<string, string>? Labels = null)
{
    public void Print(TextWriter output, bool json)
    {
        var labels = Labels ?? new Dictionary<string, string>();
        if (json)
        {
            var report = new Dictionary<string, object> { ["bench"] = Bench, ["figures"] = Figures };
            if (labels.Count > 0) report["labels"] = labels;
            output.WriteLine(JsonSerializer.Serialize(report));
            return;
        }
        var console = CliConsole.For(output);
        console.Line($"bench {Bench}:");
        var table = new ListTable(console, "figure", "value").Numeric(1);
        foreach (var (name, value) in Figures) table.Row(name, value.ToString("G6", CultureInfo.InvariantCulture));
        foreach (var (name, value) in labels) table.Row(name, value);
        table.Write();
    }
}
