using System.Text.Json;

namespace AdaFtr.Coordinator.Tests.Bench;

[Trait("Category", "Bench")]
[Collection(TorchCollection.Name)]
public sealed class BenchRepeatTests
{
    [Fact]
    public async Task Repeat_runs_the_bench_n_times_and_reports_median_min_and_max_of_every_figure()
    {
        var run = await CliRun.Invoke("bench", "shards", "--rows", "20000", "--repeat", "3", "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        var report = JsonDocument.Parse(run.Output).RootElement;
        report.GetProperty("runs").GetInt32().Should().Be(3);
        var median = Figures(report, "figures");
        var min = Figures(report, "min");
        var max = Figures(report, "max");
        median.Keys.Should().BeEquivalentTo(min.Keys).And.BeEquivalentTo(max.Keys);
        foreach (var name in median.Keys) median[name].Should().BeInRange(min[name], max[name], name);
        (median["rows"], min["rows"], max["rows"]).Should().Be((20000, 20000, 20000), "every run reads the rows asked for");
    }

    [Fact]
    public async Task A_repeat_below_one_is_refused_naming_the_option()
    {
        var run = await CliRun.Invoke("bench", "shards", "--repeat", "0");

        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        (run.Error + run.Output).Should().Contain("--repeat must be 1 or more");
    }

    private static Dictionary<string, double> Figures(JsonElement report, string name) =>
        report.GetProperty(name).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
}
