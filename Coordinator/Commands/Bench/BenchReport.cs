using System.Globalization;
using System.Text.Json;
using AdaFtr.Coordinator.Console;

namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>The result of one benchmark: printed as a table, or as <c>{"bench": name, "figures": {...}}</c> with --json.</summary>
public sealed record BenchReport(string Bench, IReadOnlyDictionary<string, double> Figures)
{
    public void Print(TextWriter output, bool json)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["bench"] = Bench, ["figures"] = Figures }));
            return;
        }
        var console = CliConsole.For(output);
        console.Line($"bench {Bench}:");
        var table = new ListTable(console, "figure", "value").Numeric(1);
        foreach (var (name, value) in Figures) table.Row(name, value.ToString("G6", CultureInfo.InvariantCulture));
        table.Write();
    }
}
