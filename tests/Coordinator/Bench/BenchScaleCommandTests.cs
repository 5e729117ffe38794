using System.Text.Json;

namespace AdaFtr.Coordinator.Tests.Bench;

[Trait("Category", "Bench")]
[Collection(TorchCollection.Name)]
public sealed class BenchScaleCommandTests
{
    [Fact]
    public async Task Json_has_a_step_breakdown_per_k_and_per_vocabulary_with_efficiency_against_one_worker_on_the_same_cluster()
    {
        var run = await CliRun.Invoke("bench", "scale", "--json", "--compute-steps", "2", "--validation-steps", "0", "--batch-per-worker", "128");
        run.ExitCode.Should().Be(0, run.ToString());
        var report = JsonDocument.Parse(run.Output).RootElement;
        report.GetProperty("bench").GetString().Should().Be("scale");
        var figures = report.GetProperty("figures").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        figures["compute_ms"].Should().BeGreaterThan(0);
        figures["k1_efficiency"].Should().BeApproximately(1, 1e-12);
        foreach (int k in new[] { 2, 4, 8, 16, 32, 64 })
        {
            figures[$"k{k}_efficiency"].Should().BeInRange(0, 1, "other workers add network, barrier and parameter-server time, never take it away");
            figures[$"k{k}_efficiency"].Should().BeApproximately(figures[$"k{k}_one_worker_step_ms"] / figures[$"k{k}_step_ms"], 1e-9);
            double phases = new[] { "compute", "straggler", "push", "apply", "reply" }.Sum(p => figures[$"k{k}_{p}_ms"]);
            figures[$"k{k}_step_ms"].Should().BeApproximately(phases, 1e-6);
            figures[$"k{k}_samples_per_s"].Should().BeApproximately(k * 128 / figures[$"k{k}_step_ms"] * 1e3, 1e-6 * figures[$"k{k}_samples_per_s"]);
        }
        figures.Keys.Should().NotContain(k => k.StartsWith("validate_"), "--validation-steps 0 skips the real runs");
        figures["vocab_1e8_table_rows"].Should().BeGreaterThan(99 * figures["vocab_1e6_table_rows"]);
        figures["vocab_1e8_sparse_bytes_per_worker"].Should().BeLessThan(2 * figures["vocab_1e6_sparse_bytes_per_worker"], "only touched rows travel");
        figures["vocab_1e8_dense_bytes_per_worker"].Should().Be(figures["vocab_1e5_dense_bytes_per_worker"]);
    }

    [Fact]
    public async Task Repeated_runs_summarise_every_figure_and_the_simulated_bytes_do_not_vary()
    {
        var run = await CliRun.Invoke("bench", "scale", "--json", "--compute-steps", "2", "--validation-steps", "0", "--batch-per-worker", "128", "--repeat", "2");
        run.ExitCode.Should().Be(0, run.ToString());
        var report = JsonDocument.Parse(run.Output).RootElement;
        report.GetProperty("runs").GetInt32().Should().Be(2);
        var median = report.GetProperty("figures").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        var min = report.GetProperty("min").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        var max = report.GetProperty("max").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        median.Should().ContainKey("k8_efficiency").And.ContainKey("compute_ms");
        foreach (var name in median.Keys) median[name].Should().BeInRange(min[name], max[name], name);
        // Bytes come from the same sampled batches every run; only the timings are measured anew.
        min["vocab_1e8_sparse_bytes_per_worker"].Should().Be(max["vocab_1e8_sparse_bytes_per_worker"]);
    }

    [Fact]
    public async Task Jitter_given_as_zero_leaves_no_straggler_wait_and_the_measured_jitter_is_still_reported()
    {
        var run = await CliRun.Invoke("bench", "scale", "--json", "--compute-steps", "2", "--validation-steps", "0", "--batch-per-worker", "128", "--jitter-ms", "0");
        run.ExitCode.Should().Be(0, run.ToString());
        var figures = JsonDocument.Parse(run.Output).RootElement.GetProperty("figures").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        figures["simulated_jitter_ms"].Should().Be(0);
        figures.Should().ContainKey("compute_jitter_ms");
        foreach (int k in new[] { 1, 2, 4, 8, 16, 32, 64 }) figures[$"k{k}_straggler_ms"].Should().Be(0);
    }

    [Fact]
    public async Task More_workers_per_device_than_per_silo_is_refused_with_both_settings_named()
    {
        var run = await CliRun.Invoke("bench", "scale", "--workers-per-device", "4", "--workers-per-silo", "2");
        run.ExitCode.Should().NotBe(0);
        (run.Error + run.Output).Should().Contain("--workers-per-device").And.Contain("--workers-per-silo");
    }
}
