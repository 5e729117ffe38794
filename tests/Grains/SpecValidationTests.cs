using AdaFtr.Grains.Jobs;

namespace AdaFtr.Grains.Tests;

[Collection(ClusterCollection.Name)]
[Trait("Category", "BadInput")]
public sealed class SpecValidationTests(ClusterFixture fixture)
{
    public static TheoryData<string, string> Cases => new()
    {
        { "workers-0", "Workers: 0 must be at least 1" },
        { "unknown-backbone", "ModelConfigJson:" },
        { "missing-data", "ShardDirectory:" },
        { "batch-over-shard", "BatchPerWorker: 5000 is larger than worker 0's" },
        { "more-workers-than-shards", "Workers: 5 workers need at least 5 data shards" },
        { "bad-job-id", "JobId:" },
        { "zero-steps-cold", "Steps: 0 must be at least 1 (0 only evaluates: it needs WarmStartFrom and EvalShardDirectory)" },
        { "missing-extra-day", "ExtraShardDirectories[1]: /nonexistent/day=2026-11-02 holds no shard set" },
        { "extra-eval-alone", "ExtraEvalShardDirectories: needs EvalShardDirectory" },
        { "warm-start-absent", "WarmStartFrom: " },
        { "keep-negative", "KeepFinishedFor: -00:00:01 must not be negative" },
        { "part-too-small", "CheckpointPartBytes: 100 must be between 1 KiB" },
        { "best-metric-misspelt", "CheckpointBestMetric: 'ctr-auc' is not a metric this job's checkpoints record; one of train_loss, ctr_auc, ctr_gauc, ctr_logloss, cvr_auc" },
        { "best-metric-without-eval", "CheckpointBestMetric: 'ctr_auc' is not a metric this job's checkpoints record; one of train_loss (evaluation metrics need evaluation data)" },
    };

    [Fact]
    public async Task Starting_the_same_spec_again_is_a_harmless_retry_and_another_spec_is_refused()
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 1, steps: 3) with { Faults = [new InjectedFault(0, 99, FaultKind.Throw)] };
        var job = fixture.Cluster.Client.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.StartAsync(spec);
        (await job.StartAsync(spec with { Faults = [new InjectedFault(0, 99, FaultKind.Throw)] })).JobId.Should().Be(spec.JobId);
        var other = () => job.StartAsync(spec with { Steps = 4 });
        (await other.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("use a new job id");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_spec_is_refused_naming_the_field(string @case, string expected)
    {
        var spec = JobRuns.Spec(fixture.Data, workers: 1);
        spec = @case switch
        {
            "workers-0" => spec with { Workers = 0 },
            "unknown-backbone" => spec with { ModelConfigJson = spec.ModelConfigJson.Replace("\"mmoe\"", "\"transformer\"", StringComparison.OrdinalIgnoreCase) },
            "missing-data" => spec with { ShardDirectory = "/nonexistent/shards" },
            "batch-over-shard" => spec with { BatchPerWorker = 5000 },
            "more-workers-than-shards" => spec with { Workers = 5 },
            "bad-job-id" => spec with { JobId = "a/b" },
            "zero-steps-cold" => spec with { Steps = 0, EvalShardDirectory = spec.ShardDirectory },
            "missing-extra-day" => spec with { ExtraShardDirectories = [spec.ShardDirectory, "/nonexistent/day=2026-11-02"] },
            "extra-eval-alone" => spec with { ExtraEvalShardDirectories = [spec.ShardDirectory] },
            "warm-start-absent" => spec with { WarmStartFrom = new CheckpointReference(Path.GetTempPath(), "no-such-job", 5) },
            "keep-negative" => spec with { KeepFinishedFor = TimeSpan.FromSeconds(-1) },
            "part-too-small" => spec with { CheckpointPartBytes = 100 },
            "best-metric-misspelt" => spec with { CheckpointBestMetric = "ctr-auc", EvalShardDirectory = spec.ShardDirectory },
            "best-metric-without-eval" => spec with { CheckpointBestMetric = "ctr_auc" },
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
        spec.ModelConfigJson.Should().NotBeNull();
        var act = () => fixture.Cluster.Client.GetGrain<ITrainingJobGrain>(spec.JobId).StartAsync(spec);
        (await act.Should().ThrowAsync<JobSpecException>()).Which.Message.Should().Contain(expected);
    }
}
