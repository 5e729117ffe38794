using System.Text.Json;

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
        output.WriteLine($"bench {Bench}:");
        foreach (var (name, value) in Figures) output.WriteLine($"  {name,-32} {value,16:G6}");
    }
}
