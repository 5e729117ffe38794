using AdaFtr.Coordinator.Commands.Bench.Scaling;

namespace AdaFtr.Coordinator.Tests.Bench;

[Trait("Category", "Bench")]
public sealed class StepSimulatorTests
{
    private const int Batch = 512, Dim = 8, Mib16 = 16 << 20;

    private static readonly MeasuredCosts ComputeOnly = new(
        ComputeSeconds: 0.02, ComputeJitterSeconds: 0, RpcOverheadSeconds: 0, EncodeSecondsPerByte: 0, DecodeSecondsPerByte: 0,
        DenseApplySecondsPerElement: 0, MergeSecondsPerElement: 0, RowApplyFixedSeconds: 0, RowApplySecondsPerRow: 0);

    /// <summary>K workers filling silos <paramref name="perSilo"/> at a time (or <paramref name="silos"/> of them).</summary>
    private static ClusterShape Cluster(int workers, int shards, double bandwidth = double.PositiveInfinity, int perSilo = 1, int perDevice = 1,
        double latency = 0, int? silos = null) =>
        new(workers, silos ?? ClusterShape.SilosFor(workers, perSilo), perSilo, perDevice, shards, bandwidth, latency, Mib16, ComputeSpeedup: 1);

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
    public void With_bandwidth_b_the_push_and_the_reply_each_add_the_bytes_that_cross_the_busiest_link_over_b()
    {
        // K = 2 on two silos, shard s on silo s: each worker pushes to the other silo's shard 4 000 dense bytes,
        // 10 row ids and rows of gradients (10 × (8 + 32)) and its next batch's 10 row ids (10 × 8) = 4 480 bytes,
        // and that shard replies 4 000 dense bytes and 10 rows (10 × 32) = 4 320 bytes.
        double bandwidth = 1e6;
        var step = StepSimulator.Simulate(Cluster(2, 2, bandwidth), ComputeOnly, Balanced(2, 1_000, rowsEach: 10));
        step.Push.Should().BeApproximately(4_480 / bandwidth, 1e-12);
        step.Reply.Should().BeApproximately(4_320 / bandwidth, 1e-12);
        step.Total.Should().BeApproximately(0.02 + (4_480 + 4_320) / bandwidth, 1e-12);
    }

    [Fact]
    public void Workers_and_shards_on_one_silo_send_nothing_over_the_network()
    {
        var step = StepSimulator.Simulate(Cluster(4, 2, bandwidth: 1, perSilo: 4), ComputeOnly, Balanced(2, 1_000_000, 5_000));
        step.Push.Should().Be(0);
        step.Reply.Should().Be(0);
    }

    [Fact]
    public void More_shards_divide_the_bytes_the_busiest_link_carries()
    {
        // K = 8 on 8 silos sending P = 800 bytes each. One shard: its silo receives P from the 7 other workers.
        // Eight shards, one per silo: each silo receives P/8 from 7 workers and sends 7/8 of P.
        var cluster = Cluster(8, 1);
        double one = StepSimulator.BusiestLinkBytes(cluster, [800]);
        double eight = StepSimulator.BusiestLinkBytes(cluster with { ParameterShards = 8 }, Enumerable.Repeat(100.0, 8).ToList());
        one.Should().Be(7 * 800);
        eight.Should().Be(7 * 100);
    }

    [Fact]
    public void One_worker_on_a_cluster_of_eight_silos_reaches_the_seven_shards_off_its_own_silo()
    {
        // Worker 0 on silo 0 sends 7 × 100 bytes out; each other silo receives its shard's 100.
        var alone = Cluster(8, 8).WithOneWorker();
        alone.Silos.Should().Be(8);
        StepSimulator.BusiestLinkBytes(alone, Enumerable.Repeat(100.0, 8).ToList()).Should().Be(700);
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
        shared.Compute.Should().BeApproximately(2 * 0.02, 1e-12);
        faster.Compute.Should().BeApproximately(0.02 / 4, 1e-12);
    }

    [Fact]
    public void A_step_is_one_round_trip_per_shard_and_payloads_over_the_limit_take_more_calls()
    {
        var costs = ComputeOnly with { RpcOverheadSeconds = 0.0001 };
        var small = StepSimulator.Simulate(Cluster(2, 2, latency: 0.001), costs, Balanced(2, 1_000, rowsEach: 10));
        double call = 0.0011;
        // One push call a shard; its return carries the whole reply.
        small.Push.Should().BeApproximately(call, 1e-12);
        small.Reply.Should().Be(0);
        // 40 MB of dense parameters a shard: the push takes 3 calls of 16 MiB, the reply 3 chunks, the first on the last push's return.
        var large = StepSimulator.Simulate(Cluster(2, 2, latency: 0.001), costs, Balanced(2, 10_000_000));
        large.Push.Should().BeApproximately(3 * call, 1e-12);
        large.Reply.Should().BeApproximately(2 * call, 1e-12);
    }

    [Fact]
    public void Calls_inside_one_silo_pay_the_overhead_but_no_network_latency()
    {
        var costs = ComputeOnly with { RpcOverheadSeconds = 0.0001 };
        var step = StepSimulator.Simulate(Cluster(2, 2, perSilo: 2, latency: 0.001), costs, Balanced(2, 1_000));
        step.Push.Should().BeApproximately(0.0001, 1e-12);
        step.Total.Should().BeApproximately(0.02 + 0.0001, 1e-12);
    }

    [Fact]
    public void A_shard_applies_its_dense_row_and_merge_costs_and_shards_on_one_silo_apply_in_parallel()
    {
        var costs = ComputeOnly with { DenseApplySecondsPerElement = 1e-9, RowApplyFixedSeconds = 1e-4, RowApplySecondsPerRow = 1e-7, MergeSecondsPerElement = 1e-10 };
        // 1e6 × 1e-9 (dense Adam) + 1e-4 + 1 500 × 1e-7 (lazy Adam of the merged rows) + 1 × (1e6 + 1 000 × 8) × 1e-10 (the second push summed).
        double perShard = 0.001 + 0.0001 + 0.00015 + 0.0001008;
        var twoSilos = StepSimulator.Simulate(Cluster(2, 2), costs, Balanced(2, 1_000_000, rowsEach: 1_000, mergedEach: 1_500));
        var oneSilo = StepSimulator.Simulate(Cluster(2, 2, perSilo: 2), costs, Balanced(2, 1_000_000, rowsEach: 1_000, mergedEach: 1_500));
        twoSilos.Apply.Should().BeApproximately(perShard, 1e-12);
        oneSilo.Apply.Should().BeApproximately(perShard, 1e-12, "each shard has a compute thread of its own");
    }

    [Fact]
    public void A_shard_decodes_every_workers_push_on_its_own_thread_and_a_worker_decodes_its_replies_as_it_computes()
    {
        var costs = ComputeOnly with { DecodeSecondsPerByte = 1e-9 };
        // A push and a reply of 1e6 dense parameters are 4e6 bytes each.
        var two = StepSimulator.Simulate(Cluster(2, 1, perSilo: 2), costs, Balanced(1, 1_000_000));
        var four = StepSimulator.Simulate(Cluster(4, 1, perSilo: 4), costs, Balanced(1, 1_000_000));
        var twoShards = StepSimulator.Simulate(Cluster(2, 2, perSilo: 2), costs, Balanced(2, 1_000_000));
        two.Push.Should().BeApproximately(2 * 4e6 * 1e-9, 1e-12);
        four.Push.Should().BeApproximately(4 * 4e6 * 1e-9, 1e-12);
        twoShards.Push.Should().BeApproximately(2 * 4e6 * 1e-9, 1e-12, "two shards on one silo decode in parallel");
        two.Compute.Should().BeApproximately(0.02 + 4e6 * 1e-9, 1e-12);
        twoShards.Compute.Should().BeApproximately(0.02 + 2 * 4e6 * 1e-9, 1e-12, "a worker decodes both shards' replies");
    }

    [Fact]
    public void A_worker_encodes_its_push_as_it_computes_and_a_shard_encodes_its_dense_slice_once_and_every_workers_rows()
    {
        var costs = ComputeOnly with { EncodeSecondsPerByte = 1e-9 };
        // Push: 4 000 dense + 10 × (8 + 32) + 10 × 8 = 4 480 bytes. Replies: 4 000 dense bytes once, 10 × 32 rows for each of 2 workers.
        var step = StepSimulator.Simulate(Cluster(2, 1, perSilo: 2), costs, Balanced(1, 1_000, rowsEach: 10));
        step.Compute.Should().BeApproximately(0.02 + 4_480e-9, 1e-15);
        step.Reply.Should().BeApproximately((4_000 + 2 * 320) * 1e-9, 1e-15);
    }

    [Fact]
    public void The_exchange_is_that_of_the_shard_that_finishes_last()
    {
        var costs = ComputeOnly with { DecodeSecondsPerByte = 1e-9 };
        // One worker; shard 0 owns 1 000 parameters (a 4 000-byte push), shard 1 3 000 (12 000 bytes): shard 1 decodes longer.
        var workload = new StepWorkload(Batch, Dim, [1_000, 3_000], [0, 0], [0, 0]);
        var step = StepSimulator.Simulate(Cluster(1, 2), costs, workload);
        step.Push.Should().BeApproximately(12_000e-9, 1e-15);
        step.Compute.Should().BeApproximately(0.02 + 16_000e-9, 1e-15);
        step.Total.Should().BeApproximately(0.02 + 16_000e-9 + 12_000e-9, 1e-15);
    }

    [Fact]
    public void Adding_workers_to_a_cluster_never_shortens_a_phase_so_efficiency_is_at_most_one()
    {
        // Every cost at once, on 16 silos and on 4 silos of 4 workers sharing devices two by two; more workers touch more merged rows.
        var costs = new MeasuredCosts(ComputeSeconds: 0.02, ComputeJitterSeconds: 0.003, RpcOverheadSeconds: 5e-5, EncodeSecondsPerByte: 1e-9, DecodeSecondsPerByte: 2e-9,
            DenseApplySecondsPerElement: 1e-9, MergeSecondsPerElement: 1e-10, RowApplyFixedSeconds: 1e-4, RowApplySecondsPerRow: 1e-7);
        foreach (var cluster in new[] { Cluster(16, 16, bandwidth: 1e9, latency: 2e-4), Cluster(16, 4, bandwidth: 1e9, perSilo: 4, perDevice: 2, latency: 2e-4) })
        {
            StepBreakdown? fewer = null;
            for (int k = 1; k <= 16; k++)
            {
                var step = StepSimulator.Simulate(cluster with { Workers = k }, costs, Balanced(cluster.ParameterShards, 50_000, rowsEach: 2_000, mergedEach: 2_000 * Math.Sqrt(k)));
                if (fewer is not null)
                {
                    step.Compute.Should().BeGreaterThanOrEqualTo(fewer.Compute);
                    step.StragglerWait.Should().BeGreaterThanOrEqualTo(fewer.StragglerWait);
                    step.Push.Should().BeGreaterThanOrEqualTo(fewer.Push);
                    step.Apply.Should().BeGreaterThanOrEqualTo(fewer.Apply);
                    step.Reply.Should().BeGreaterThanOrEqualTo(fewer.Reply);
                    step.EfficiencyAgainst(StepSimulator.Simulate(cluster.WithOneWorker(), costs, Balanced(cluster.ParameterShards, 50_000, 2_000, 2_000)))
                        .Should().BeLessThanOrEqualTo(1);
                }
                fewer = step;
            }
        }
    }

    [Fact]
    public void A_workload_or_a_cluster_that_does_not_fit_is_refused_with_the_setting_named()
    {
        FluentActions.Invoking(() => StepSimulator.Simulate(Cluster(2, 2), ComputeOnly, Balanced(3, 1_000))).Should().Throw<ArgumentException>().WithMessage("*3 shards*2*");
        FluentActions.Invoking(() => StepSimulator.Simulate(Cluster(2, 2, perSilo: 1, perDevice: 2), ComputeOnly, Balanced(2, 1_000))).Should().Throw<ArgumentException>().WithMessage("*per device*");
        FluentActions.Invoking(() => StepSimulator.Simulate(Cluster(4, 2, silos: 1), ComputeOnly, Balanced(2, 1_000))).Should().Throw<ArgumentException>().WithMessage("silos: 1 cannot hold 4 workers*");
    }
}
