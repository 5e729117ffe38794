using System.Text.Json;
using AdaFtr.Coordinator.Commands.Bench;

namespace AdaFtr.Coordinator.Tests.Bench;

[Trait("Category", "Bench")]
public sealed class BenchSummaryTests
{
    private static BenchReport Run(params (string Name, double Value)[] figures) => new("model", figures.ToDictionary(f => f.Name, f => f.Value));

    [Fact]
    public void Each_figure_gets_the_median_min_and_max_of_its_runs()
    {
        var summary = BenchSummary.Of([Run(("rate", 30), ("ms", 7)), Run(("rate", 10), ("ms", 5)), Run(("rate", 20), ("ms", 9))]);

        summary.Runs.Should().Be(3);
        summary.Median.Should().Equal(new Dictionary<string, double> { ["rate"] = 20, ["ms"] = 7 });
        summary.Min.Should().Equal(new Dictionary<string, double> { ["rate"] = 10, ["ms"] = 5 });
        summary.Max.Should().Equal(new Dictionary<string, double> { ["rate"] = 30, ["ms"] = 9 });
    }

    [Fact]
    public void An_even_number_of_runs_takes_the_mean_of_the_two_middle_values()
    {
        BenchSummary.MedianOf([4.0, 1.0, 3.0, 2.0]).Should().Be(2.5);
        BenchSummary.Of([Run(("x", 8)), Run(("x", 1)), Run(("x", 2)), Run(("x", 100))]).Median["x"].Should().Be(5);
    }

    [Fact]
    public void A_figure_some_runs_lack_is_summarised_over_the_runs_that_have_it_and_differing_labels_are_all_listed()
    {
        var summary = BenchSummary.Of([
            new BenchReport("model", new Dictionary<string, double> { ["x"] = 1, ["extra"] = 6 }, new Dictionary<string, string> { ["torch"] = "1.13" }),
            new BenchReport("model", new Dictionary<string, double> { ["x"] = 3 }, new Dictionary<string, string> { ["torch"] = "2.1" }),
            new BenchReport("model", new Dictionary<string, double> { ["x"] = 2, ["extra"] = 2 }, new Dictionary<string, string> { ["torch"] = "1.13" }),
        ]);

        summary.Median["extra"].Should().Be(4);
        summary.Min["extra"].Should().Be(2);
        summary.Labels["torch"].Should().Be("1.13 | 2.1");
    }

    [Fact]
    public void Json_keeps_the_medians_under_figures_so_one_run_and_n_runs_read_alike()
    {
        var output = new StringWriter();
        BenchSummary.Of([Run(("rate", 1)), Run(("rate", 5)), Run(("rate", 2))]).Print(output, json: true);

        var report = JsonDocument.Parse(output.ToString()).RootElement;
        report.GetProperty("bench").GetString().Should().Be("model");
        report.GetProperty("runs").GetInt32().Should().Be(3);
        report.GetProperty("figures").GetProperty("rate").GetDouble().Should().Be(2);
        report.GetProperty("min").GetProperty("rate").GetDouble().Should().Be(1);
        report.GetProperty("max").GetProperty("rate").GetDouble().Should().Be(5);
    }
}
