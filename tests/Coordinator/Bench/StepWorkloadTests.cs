using AdaFtr.Coordinator.Commands.Bench.Scaling;
using AdaFtr.Model.Distributed;

namespace AdaFtr.Coordinator.Tests.Bench;

[Trait("Category", "Bench")]
public sealed class StepWorkloadTests
{
    private static readonly IReadOnlyList<(string Name, long[] Shape)> Dense = [("a.weight", [300, 100]), ("b.weight", [100, 100]), ("b.bias", [100])];

    private static ParameterLayout Layout(long rows, int shards) => new(Dense, rows, 8, shards);

    [Fact]
    public void Bytes_per_step_stay_flat_in_the_vocabulary_when_the_touched_rows_are_the_same()
    {
        long[] touched = [3, 17, 42, 99_000];
        var small = StepWorkload.From(Layout(100_000, 2), 512, [touched], [touched]);
        var huge = StepWorkload.From(Layout(100_000_000, 2), 512, [touched], [touched]);
        huge.SparseBytesPerWorker.Should().Be(small.SparseBytesPerWorker).And.Be(4 * (8 + 8 * 4));
        huge.DenseBytesPerWorker.Should().Be(small.DenseBytesPerWorker).And.Be((30_000 + 10_000 + 100) * 4);
    }

    [Fact]
    public void Touched_rows_are_counted_in_the_shard_whose_range_holds_them_and_averaged_over_samples()
    {
        var workload = StepWorkload.From(Layout(1_000, 4), 512, [[0, 249, 250, 999], [1, 2, 3, 4, 5, 6]], [[0, 500, 750]]);
        workload.WorkerRowsPerShard.Should().Equal(4, 0.5, 0, 0.5);     // (2 + 6) / 2, (1 + 0) / 2, 0, (1 + 0) / 2
        workload.MergedRowsPerShard.Should().Equal(1, 0, 1, 1);
    }

    [Fact]
    public void Dense_parameters_go_to_shards_as_the_layout_assigns_them()
    {
        var workload = StepWorkload.From(Layout(1_000, 2), 512, [[1]], [[1]]);
        workload.DenseElementsPerShard.Should().BeEquivalentTo(new long[] { 30_000, 10_100 });
        StepWorkload.From(Layout(1_000, 1), 512, [[1]], [[1]]).DenseElementsPerShard.Should().Equal(40_100);
    }
}
