using System.Text.Json;
using AdaFtr.Coordinator.Commands.Bench;

namespace AdaFtr.Coordinator.Tests.Bench;

[Trait("Category", "Bench")]
public sealed class BenchCompareCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("adaftr-bench-compare-");

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void The_ratio_of_each_figure_is_b_over_a_and_none_where_a_is_zero_or_one_side_lacks_it()
    {
        var a = new BenchReport("shards", new Dictionary<string, double> { ["rate"] = 4, ["zero"] = 0, ["gone"] = 2 });
        var b = new BenchReport("shards", new Dictionary<string, double> { ["rate"] = 5, ["zero"] = 1, ["new"] = 3 });

        var rows = BenchComparison.Of(a, b).Rows;

        rows.Select(r => (r.Figure, r.Ratio)).Should().Equal(("rate", 1.25), ("zero", null), ("gone", null), ("new", null));
        rows.Single(r => r.Figure == "new").A.Should().BeNull();
        rows.Single(r => r.Figure == "gone").B.Should().BeNull();
    }

    [Fact]
    public async Task Compare_reads_two_json_outputs_and_prints_the_ratios()
    {
        var before = Write("before.json", """{"bench":"model","figures":{"samples_per_s":20000,"best_step_ms":25}}""");
        var after = Write("after.json", """{"bench":"model","runs":3,"figures":{"samples_per_s":25000,"best_step_ms":20},"min":{},"max":{}}""");

        var json = await CliRun.Invoke("bench", "compare", before, after, "--json");
        json.ExitCode.Should().Be(0, json.ToString());
        var ratios = JsonDocument.Parse(json.Output).RootElement.GetProperty("ratios");
        ratios.GetProperty("samples_per_s").GetDouble().Should().BeApproximately(1.25, 1e-12);
        ratios.GetProperty("best_step_ms").GetDouble().Should().BeApproximately(0.8, 1e-12);

        var text = await CliRun.Invoke("bench", "compare", before, after);
        text.ExitCode.Should().Be(0, text.ToString());
        text.Output.Should().Contain("samples_per_s").And.Contain("1.250").And.Contain("0.800");
    }

    [Fact]
    public async Task A_missing_file_is_bad_input_naming_it()
    {
        var before = Write("before.json", """{"bench":"model","figures":{"x":1}}""");
        var missing = Path.Combine(_folder.FullName, "nowhere.json");

        var run = await CliRun.Invoke("bench", "compare", before, missing);

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain(missing).And.Contain("does not exist");
    }

    [Fact]
    public async Task Two_different_benches_are_refused_with_both_named()
    {
        var model = Write("model.json", """{"bench":"model","figures":{"x":1}}""");
        var shards = Write("shards.json", """{"bench":"shards","figures":{"x":2}}""");

        var run = await CliRun.Invoke("bench", "compare", model, shards);

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain("bench model").And.Contain("bench shards").And.Contain("same bench");
    }

    [Theory]
    [InlineData("{\n\"bench\": \"model\",\n\"figures\": {", "line")]
    [InlineData("""{"figures":{"x":1}}""", "\"bench\"")]
    [InlineData("""{"bench":"model","figures":{"x":"fast"}}""", "figure x")]
    public async Task A_file_that_is_not_a_bench_report_is_bad_input_naming_it(string content, string says)
    {
        var good = Write("good.json", """{"bench":"model","figures":{"x":1}}""");
        var bad = Write("bad.json", content);

        var run = await CliRun.Invoke("bench", "compare", good, bad);

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain(bad).And.Contain(says);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
