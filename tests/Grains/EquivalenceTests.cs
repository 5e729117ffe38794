using AdaFtr.Model.Configuration;
using AdaFtr.Grains.Jobs;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Grains.Tests;

[Collection(ClusterCollection.Name)]
[Trait("Category", "Equivalence")]
public sealed class EquivalenceTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 3)]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    [InlineData(4, 2)]
    [InlineData(4, 3)]
    public async Task K_workers_on_the_cluster_equal_the_local_trainer_with_K_micro_batches_after_50_steps(int workers, int shards)
    {
        var spec = JobRuns.Spec(fixture.Data, workers, shards, steps: 50);
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.State.Should().Be(JobState.Completed, status.Message);
        status.StepsApplied.Should().Be(50);
        status.Losses.Should().HaveCount(50);

        var distributed = await JobRuns.Parameters(fixture.Cluster.Client, spec.JobId);
        var local = JobRuns.LocalReference(spec, 50);
        JobRuns.MaxDifference(distributed, local).Should().BeLessThanOrEqualTo(1e-5);
        // and training moved them: the comparison is not between two untouched initialisations
        JobRuns.MaxDifference(distributed, JobRuns.LocalReference(spec, 0)).Should().BeGreaterThan(1e-3);
    }

    [Fact]
    public async Task A_job_whose_batches_touch_rows_of_one_shard_of_three_equals_the_local_trainer()
    {
        // Three hashed fields of 4 buckets and a fourth of 300 ids: rows [0, 12) and [12, 312), and the data's ids (< 37)
        // reach rows below 49, all inside shard 0's [0, 104). Shards 1 and 2 own none of any batch's rows.
        // Replies are cut at 1 KiB, so shards 1 and 2 send their empty rows among several chunks; evaluation pulls them too.
        var config = TrainingData.Config(2, 32);
        config = config with
        {
            Schema = config.Schema with { SparseFields = [new("f0", 4, Hashed: true), new("f1", 4, Hashed: true), new("f2", 4, Hashed: true), new("f3", 300)] },
        };
        var spec = JobRuns.Spec(fixture.Data, workers: 2, shards: 3, steps: 10) with
        {
            ModelConfigJson = ModelConfigJson.Serialize(config), EvalShardDirectory = fixture.Data.Directory, EvalEverySteps = 10, EvalBatchRows = 100, MaxMessageBytes = 1024,
        };
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.State.Should().Be(JobState.Completed, status.Message);
        status.Evaluations.Should().OnlyContain(e => e.Rows == TrainingData.Rows).And.HaveCount(2);

        var distributed = await JobRuns.Parameters(fixture.Cluster.Client, spec.JobId);
        var initial = JobRuns.LocalReference(spec, 0);
        JobRuns.MaxDifference(distributed, JobRuns.LocalReference(spec, 10)).Should().BeLessThanOrEqualTo(1e-5);
        JobRuns.MaxDifference(distributed, initial).Should().BeGreaterThan(1e-3);
        distributed["features.weight"].Skip(104 * 4).Should().Equal(initial["features.weight"].Skip(104 * 4), "no batch touched a row of shards 1 and 2");
    }

    [Fact]
    public async Task Dense_traffic_is_every_dense_parameter_pulled_and_pushed_and_sparse_traffic_follows_the_rows()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, shards: 2, steps: 5);
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        var parameters = await JobRuns.Parameters(fixture.Cluster.Client, spec.JobId);
        long dense = parameters.Where(p => p.Key != "features.weight").Sum(p => (long)p.Value.Length);
        status.DenseBytes.Should().Be(5 * 2 * 2 * dense * sizeof(float), "each step each worker pulls every dense parameter and pushes its gradient");
        // rows touched per worker step are at most 16 samples x 4 fields; each costs an 8-byte id and a 4-float row, both ways
        status.SparseBytes.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(5 * 2 * 2 * 16 * 4 * (8 + 4 * 4));
    }

    [Fact]
    public async Task Periodic_evaluation_merges_the_workers_parts_into_the_metrics_of_the_whole_set()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: 20) with { EvalShardDirectory = fixture.Data.Directory, EvalEverySteps = 10, EvalBatchRows = 100 };
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.State.Should().Be(JobState.Completed, status.Message);
        status.Evaluations.Select(e => (e.Step, e.Task)).Should().Equal((10, "ctr"), (10, "cvr"), (20, "ctr"), (20, "cvr"));
        status.Evaluations.Should().OnlyContain(e => e.Rows == TrainingData.Rows);

        using var reference = new LocalReference(spec);
        for (int step = 0; step < 20; step++) reference.Step();
        var set = ShardSet.Open(new LocalDirectoryStore(fixture.Data.Directory));
        var local = reference.Trainer.Evaluate(set.ReadAll().Select(rows => rows.ToBatch())).Select(e => e.Metrics()).ToList();
        foreach (var expected in local)
        {
            var actual = status.Evaluations.Single(e => e.Step == 20 && e.Task == expected.Task);
            actual.Auc.Should().BeApproximately(expected.Auc, 1e-4);
            actual.LogLoss.Should().BeApproximately(expected.LogLoss, 1e-4);
            // every user id is one row here, so GAUC has no user with both classes: undefined on both sides
            double.IsNaN(actual.Gauc).Should().Be(double.IsNaN(expected.Gauc));
        }
        local.Should().Contain(m => m.Auc > 0.55, "the labels carry signal the model learns");
    }

    [Fact]
    public async Task Workers_are_spread_over_the_silos_as_the_job_placed_them()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: 3);
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.Workers.Select(w => w.Silo).Distinct().Should().HaveCount(2);
        status.Workers.Should().OnlyContain(w => w.Device == "cpu");
    }

    [Fact]
    public async Task Three_parameter_shards_sit_on_three_silos_in_silo_order_and_split_the_state()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, shards: 3, steps: 3);
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.State.Should().Be(JobState.Completed, status.Message);
        var silos = fixture.Cluster.Silos.Select(s => s.SiloAddress).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).Select(s => s.ToString()).ToList();
        status.Shards!.Select(s => s.Silo).Should().Equal(silos, "shard s lives on silo s mod N, silos in address order");
        // Parameters and two Adam moments (3 floats each), plus an 8-byte Adam step count per embedding row and a few scalars.
        var parameters = await JobRuns.Parameters(fixture.Cluster.Client, spec.JobId);
        long parameterBytes = parameters.Values.Sum(p => (long)p.Length * sizeof(float));
        long rows = parameters["features.weight"].Length / 4;   // TrainingData's embedding dimension is 4
        status.Shards!.Sum(s => s.StateBytes).Should().BeInRange(3 * parameterBytes + 8 * rows, 3 * parameterBytes + 8 * rows + 64);
        status.Shards!.Should().OnlyContain(s => s.StateBytes > 0);
    }

    [Fact]
    public async Task A_step_is_one_round_trip_per_shard_once_the_first_window_is_under_way()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, shards: 2, steps: 40);
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.State.Should().Be(JobState.Completed, status.Message);
        // The only extra calls are the first window's pull: S calls for one of 40 steps.
        status.Timings!.RoundTripsPerShard.Should().BeApproximately(1 + 1.0 / 40, 1e-9);
        status.Timings.StepMs.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_cpu_worker_reports_three_transfers_per_step_one_flat_buffer_each_way()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, shards: 3, steps: 12);
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.State.Should().Be(JobState.Completed, status.Message);
        // Parameters up, rows up, gradients down: the wire layer's count, whatever the number of shards.
        status.Timings!.TransfersPerStep.Should().Be(3).And.BeLessThanOrEqualTo(5);
    }

    [Fact]
    public async Task Every_sample_is_used_in_exactly_one_applied_step()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 2, steps: 40) with { TrackSampleIds = true };   // 2 × 16 × 40 = 1280 < 1536 rows
        var status = await JobRuns.RunUntilSettled(fixture.Cluster.Client, spec);
        status.State.Should().Be(JobState.Completed);
        var samples = await fixture.Cluster.Client.GetGrain<ITrainingJobGrain>(spec.JobId).GetAppliedSamplesAsync();
        samples.Keys.Should().BeEquivalentTo(Enumerable.Range(1, 40).Select(s => (long)s));
        var all = samples.Values.SelectMany(s => s).ToList();
        all.Should().HaveCount(1280).And.OnlyHaveUniqueItems();
        all.Should().OnlyContain(id => id >= 0 && id < TrainingData.Rows);
    }
}
