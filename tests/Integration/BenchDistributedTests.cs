using System.Text.Json;

namespace AdaFtr.Integration.Tests;

/// <summary><c>adaftr bench distributed</c> as a user runs it: its own redis-server and two silo processes, repeated on one cluster.</summary>
[Trait("Category", "Cluster")]
public sealed class BenchDistributedTests
{
    [Fact]
    public async Task Repeated_runs_report_the_wire_figures_each_run_measured()
    {
        var run = await AdaftrProcess.Run(TimeSpan.FromMinutes(6),
            "bench", "distributed", "--steps", "40", "--warmup", "2", "--batch-per-worker", "32", "--repeat", "2", "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        var report = JsonDocument.Parse(run.Output).RootElement;
        report.GetProperty("runs").GetInt32().Should().Be(2);
        var median = report.GetProperty("figures");
        var max = report.GetProperty("max");
        // Parameters up, rows up, gradients down on the CPU path, in every run (the max over runs, not only the median).
        max.GetProperty("transfers_per_step").GetDouble().Should().Be(3);
        // One round trip per shard per step, plus the first window's pull: S calls over the 42 steps.
        median.GetProperty("round_trips_per_step").GetDouble().Should().BeApproximately(1 + 1.0 / 42, 1e-9);
        median.GetProperty("silos_holding_shards").GetDouble().Should().Be(2);
        median.GetProperty("worker_bytes_ratio_10x_vocab").GetDouble().Should().BeLessThan(1.1, "a worker holds no vocabulary-sized table");
        median.GetProperty("distributed_step_ms").GetDouble().Should().BePositive();
    }
}
