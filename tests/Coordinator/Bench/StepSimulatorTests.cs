using AdaFtr.Coordinator.Commands.Bench.Scaling;

namespace AdaFtr.Coordinator.Tests.Bench;

public sealed class StepSimulatorTests
{
    private const int Batch = 512, Dim = 8, Mib16 = 16 << 20;

    private static readonly MeasuredCosts ComputeOnly = new(
        ComputeSeconds: 0.02, ComputeJitterSeconds: 0, RpcOverheadSeconds: 0, WorkerWireSecondsPerByte: 0, ShardWireSecondsPerByte: 0,
        DenseApplySecondsPerElement: 0, MergeSecondsPerElement: 0, RowApplyFixedSeconds: 0, RowApplySecondsPerRow: 0);

    private static ClusterShape Cluster(int workers, int shards, double bandwidth = double.PositiveInfinity, int perSilo = 1, int perDevice = 1, double latency = 0) =>
        new(workers, perSilo, perDevice, shards, bandwidth, latency, Mib16, ComputeSpeedup: 1);

    /// <summary>Every shard owns <paramref name="denseEach"/> parameters, and a worker touches <paramref name="rowsEach"/> of its rows.</summary>
    private static StepWorkload Balanced(int shards, long denseEach, double rowsEach = 0, double mergedEach = 0) =>
        new(Batch, Dim, Enumerable.Repeat(denseEach, shards).ToList(), Enumerable.Repeat(rowsEach, shards).ToList(), Enumerable.Repeat(mergedEach, shards).ToList());

    [Fact]
    public void Without_network_and_parameter_server_costs_throughput_grows_exactly_k_fold()
    {
        var one = StepSimulator.Simulate(Cluster(1, 1), ComputeOnly, Balanced(1, 100_000, 4_000, 4_000));
        foreach (int k in new[] { 2, 4, 8, 16, 32, 64 })
        {
            var step = StepSimulator.Simulate(Cluster(k, k), ComputeOnly, Balanced(k, 100_000, 4_000, 4_000 * k));
            step.SamplesPerSecond.Should().BeApproximately(k * one.SamplesPerSecond, 1e-6 * k * one.SamplesPerSecond);
            step.EfficiencyAgainst(one).Should().BeApproximately(1, 1e-12);
        }
    }

    [Fact]
    public void With_bandwidth_b_a_step_adds_the_bytes_that_cross_the_busiest_link_over_b_each_way()
    {
        // K = 2 on two silos, shard s on silo s: each worker fetches the other silo's shard over the link
        // (4 000 dense bytes + 10 rows × (8 + 32) bytes), and each silo serves its shard to the other worker.
        double bandwidth = 1e6;
        var step = StepSimulator.Simulate(Cluster(2, 2, bandwidth), ComputeOnly, Balanced(2, 1_000, rowsEach: 10));
        double crossing = 1_000 * 4 + 10 * (8 + Dim * 4);
        step.Pull.Should().BeApproximately(crossing / bandwidth, 1e-12);
        step.Push.Should().BeApproximately(crossing / bandwidth, 1e-12);
        step.Total.Should().BeApproximately(ComputeOnly.ComputeSeconds + 2 * crossing / bandwidth, 1e-12);
    }

    [Fact]
    public void Workers_and_shards_on_one_silo_send_nothing_over_the_network()
    {
        var step = StepSimulator.Simulate(Cluster(4, 2, bandwidth: 1, perSilo: 4), ComputeOnly, Balanced(2, 1_000_000, 5_000));
        step.Pull.Should().Be(0);
        step.Push.Should().Be(0);
    }

    [Fact]
    public void More_shards_divide_the_bytes_the_busiest_link_carries()
    {
        // K = 8 on 8 silos pulling P bytes each. One shard: its silo sends P to the 7 other workers.
        // Eight shards, one per silo: each silo sends P/8 to 7 workers and receives 7/8 of P.
        var cluster = Cluster(8, 1);
        double one = StepSimulator.BusiestLinkBytes(cluster, [800]);
        double eight = StepSimulator.BusiestLinkBytes(cluster with { ParameterShards = 8 }, Enumerable.Repeat(100.0, 8).ToList());
        one.Should().Be(7 * 800);
        eight.Should().Be(7 * 100);
    }

    [Fact]
    public void A_barrier_over_identical_workers_without_jitter_waits_for_no_straggler()
    {
        var step = StepSimulator.Simulate(Cluster(16, 16), ComputeOnly, Balanced(16, 1_000));
        step.StragglerWait.Should().Be(0);
    }

    [Fact]
    public void Jitter_makes_the_barrier_wait_for_the_slowest_worker_and_more_so_with_more_workers()
    {
        var jittery = ComputeOnly with { ComputeJitterSeconds = 0.004 };
        var two = StepSimulator.Simulate(Cluster(2, 2), jittery, Balanced(2, 1_000));
        var many = StepSimulator.Simulate(Cluster(32, 32), jittery, Balanced(32, 1_000));
        // E[max of two standard normals] = 1/√π.
        two.StragglerWait.Should().BeApproximately(0.004 / Math.Sqrt(Math.PI), 1e-6);
        many.StragglerWait.Should().BeGreaterThan(two.StragglerWait);
    }

    [Fact]
    public void Workers_sharing_a_device_queue_their_computes_and_a_faster_device_divides_them()
    {
        var shared = StepSimulator.Simulate(Cluster(2, 1, perSilo: 2, perDevice: 2), ComputeOnly, Balanced(1, 1_000));
        var faster = StepSimulator.Simulate(Cluster(2, 1, perSilo: 2) with { ComputeSpeedup = 4 }, ComputeOnly, Balanced(1, 1_000));
        shared.Compute.Should().BeApproximately(2 * ComputeOnly.ComputeSeconds, 1e-12);
        faster.Compute.Should().BeApproximately(ComputeOnly.ComputeSeconds / 4, 1e-12);
    }

    [Fact]
    public void Every_grain_call_of_a_step_pays_latency_and_overhead_and_payloads_over_the_limit_take_more_calls()
    {
        var costs = ComputeOnly with { RpcOverheadSeconds = 0.0001 };
        var small = StepSimulator.Simulate(Cluster(2, 2, latency: 0.001), costs, Balanced(2, 1_000, rowsEach: 10));
        double call = 0.0011;
        // Dispatch, pull (dense, then one call of rows), push (one chunk), commit.
        small.Dispatch.Should().BeApproximately(call, 1e-12);
        small.Pull.Should().BeApproximately(2 * call, 1e-12);
        small.Push.Should().BeApproximately(call, 1e-12);
        small.Commit.Should().BeApproximately(call, 1e-12);
        var large = StepSimulator.Simulate(Cluster(2, 2, latency: 0.001), costs, Balanced(2, 10_000_000));   // 40 MB of dense parameters a shard: 3 chunks of 16 MiB
        large.Push.Should().BeApproximately(3 * call, 1e-12);
        large.Pull.Should().BeApproximately(3 * call, 1e-12);
    }

    [Fact]
    public void Calls_inside_one_silo_pay_the_overhead_but_no_network_latency()
    {
        var costs = ComputeOnly with { RpcOverheadSeconds = 0.0001 };
        var step = StepSimulator.Simulate(Cluster(2, 2, perSilo: 2, latency: 0.001), costs, Balanced(2, 1_000));
        step.Dispatch.Should().BeApproximately(0.0001, 1e-12);
        step.Commit.Should().BeApproximately(0.0001, 1e-12);
    }

    [Fact]
    public void Parameter_server_apply_adds_its_dense_row_and_merge_costs_and_shards_on_one_silo_queue()
    {
        var costs = ComputeOnly with { DenseApplySecondsPerElement = 1e-9, RowApplyFixedSeconds = 1e-4, RowApplySecondsPerRow = 1e-7, MergeSecondsPerElement = 1e-10 };
        var step = StepSimulator.Simulate(Cluster(2, 2), costs, Balanced(2, 1_000_000, rowsEach: 1_000, mergedEach: 1_500));
        double perShard = 1_000_000 * 1e-9 + 1e-4 + 1_500 * 1e-7 + (2 - 1) * (1_000_000 + 1_000 * Dim) * 1e-10;
        step.Apply.Should().BeApproximately(perShard, 1e-12);
        var oneSilo = StepSimulator.Simulate(Cluster(2, 2, perSilo: 2), costs, Balanced(2, 1_000_000, rowsEach: 1_000, mergedEach: 1_500));
        oneSilo.Apply.Should().BeApproximately(2 * perShard, 1e-12);
    }

    [Fact]
    public void A_shard_checks_every_workers_push_on_its_silos_one_thread()
    {
        var costs = ComputeOnly with { ShardWireSecondsPerByte = 1e-9 };
        var two = StepSimulator.Simulate(Cluster(2, 1, perSilo: 2), costs, Balanced(1, 1_000_000));
        var four = StepSimulator.Simulate(Cluster(4, 1, perSilo: 4), costs, Balanced(1, 1_000_000));
        two.Push.Should().BeApproximately(2 * 4e6 * 1e-9, 1e-12);
        four.Push.Should().BeApproximately(2 * two.Push, 1e-12);
    }

    [Fact]
    public void A_workload_split_over_other_shards_than_the_cluster_has_is_refused()
    {
        FluentActions.Invoking(() => StepSimulator.Simulate(Cluster(2, 2), ComputeOnly, Balanced(3, 1_000))).Should().Throw<ArgumentException>().WithMessage("*3 shards*2*");
        FluentActions.Invoking(() => StepSimulator.Simulate(Cluster(2, 2, perSilo: 1, perDevice: 2), ComputeOnly, Balanced(2, 1_000))).Should().Throw<ArgumentException>().WithMessage("*per device*");
    }
}
