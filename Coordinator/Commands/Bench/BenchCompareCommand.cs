using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AdaFtr.Coordinator.Console;

namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// <c>adaftr bench compare A.json B.json</c>: the ratio B ÷ A of every figure of two <c>bench X --json</c> outputs
/// of the same bench (with <c>--repeat</c>, of their medians), so a change shows its effect figure by figure.
/// </summary>
public static class BenchCompareCommand
{
    private static readonly Argument<FileInfo> Before = new("A.json") { Description = "The first run's --json output (the baseline)." };
    private static readonly Argument<FileInfo> After = new("B.json") { Description = "The second run's --json output, of the same bench." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print {\"bench\": X, \"ratios\": {figure: B/A}}; null where A is 0 or one run lacks the figure." };

    public static Command Create(TextWriter output)
    {
        var command = new Command("compare", """
            Print every figure of two runs of the same bench and their ratio B/A.

            Examples:
              adaftr bench shards --repeat 5 --json > before.json
              (change something, rebuild)
              adaftr bench shards --repeat 5 --json > after.json
              adaftr bench compare before.json after.json
            """)
        { Before, After, Json };
        command.SetAction(parsed => Run(parsed, output));
        return command;
    }

    private static int Run(ParseResult parsed, TextWriter output)
    {
        var before = parsed.GetValue(Before)!;
        var after = parsed.GetValue(After)!;
        var (a, b) = (Read(before), Read(after));
        if (a.Bench != b.Bench)
            throw new UserError($"{before.FullName} is bench {a.Bench} and {after.FullName} is bench {b.Bench}: compare two runs of the same bench");
        var comparison = BenchComparison.Of(a, b);
        if (parsed.GetValue(Json))
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["bench"] = comparison.Bench,
                ["ratios"] = comparison.Rows.ToDictionary(r => r.Figure, r => r.Ratio),
            }));
            return ExitCodes.Ok;
        }
        var console = CliConsole.For(output);
        console.Line($"bench {comparison.Bench}: A = {before.Name}, B = {after.Name}");
        var table = new ListTable(console, "figure", "A", "B", "B/A").Numeric(1, 2, 3);
        foreach (var row in comparison.Rows) table.Row(row.Figure, Format(row.A), Format(row.B), row.Ratio is { } r ? r.ToString("F3", CultureInfo.InvariantCulture) : "—");
        table.Write();
        return ExitCodes.Ok;
    }

    private static string Format(double? value) => value?.ToString("G6", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>The bench name and figures of a <c>bench X --json</c> output; anything else is bad input naming the file.</summary>
    private static BenchReport Read(FileInfo file)
    {
        if (!file.Exists) throw new UserError($"{file.FullName}: does not exist; pass the file a `adaftr bench X --json` run was written to");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file.FullName));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("bench", out var bench) || bench.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("figures", out var figures) || figures.ValueKind != JsonValueKind.Object)
                throw new UserError($"{file.FullName}: not a bench report: it needs \"bench\" (a name) and \"figures\" (an object), as `adaftr bench X --json` prints");
            var values = new Dictionary<string, double>();
            foreach (var figure in figures.EnumerateObject())
            {
                if (figure.Value.ValueKind != JsonValueKind.Number)
                    throw new UserError($"{file.FullName}: figure {figure.Name} is {figure.Value.ValueKind}, not a number");
                values[figure.Name] = figure.Value.GetDouble();
            }
            return new BenchReport(bench.GetString()!, values);
        }
        catch (JsonException e)
        {
            throw new UserError($"{file.FullName}: line {e.LineNumber + 1}: not JSON ({e.Message}); pass the file a `adaftr bench X --json` run was written to");
        }
    }
}
