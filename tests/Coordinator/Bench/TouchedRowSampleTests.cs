using AdaFtr.Coordinator.Commands.Bench.Scaling;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Tests.Bench;

[Trait("Category", "Bench")]
public sealed class TouchedRowSampleTests
{
    [Fact]
    public void Scaled_vocabularies_add_up_to_the_asked_table_and_keep_the_small_fields()
    {
        foreach (long rows in new long[] { 100_000, 10_000_000, 100_000_000 })
        {
            var sizes = VocabularyScaling.AliCcpLikeTo(rows);
            ((double)sizes.Sum()).Should().BeApproximately(rows, rows * 1e-4);
            sizes.Zip(AliCcpLikeGenerator.VocabularySizes).Where(p => p.Second < 1_000).Should().OnlyContain(p => p.First == p.Second);
        }
    }

    [Fact]
    public void Batches_touch_sorted_unique_rows_inside_the_table_and_workers_together_touch_at_least_as_many()
    {
        var sample = TouchedRowSample.Draw(VocabularyScaling.AliCcpLikeTo(1_000_000), 256, 4, 2, seed: 3);
        sample.WorkerBatches.Should().HaveCount(8);
        foreach (var rows in sample.WorkerBatches)
        {
            rows.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
            rows.Should().OnlyContain(r => r >= 0 && r < sample.EmbeddingRows);
            rows.Length.Should().BeLessThanOrEqualTo(256 * 23);
        }
        var one = sample.Merged(1);
        var four = sample.Merged(4);
        four.Zip(one).Should().OnlyContain(p => p.First.Length > p.Second.Length && p.Second.All(r => Array.BinarySearch(p.First, r) >= 0));
    }

    [Fact]
    public void A_larger_vocabulary_spreads_the_same_batch_size_over_more_rows_but_far_less_than_in_proportion()
    {
        double Mean(long rows) => TouchedRowSample.Draw(VocabularyScaling.AliCcpLikeTo(rows), 512, 2, 2, seed: 5).WorkerBatches.Average(r => r.Length);
        double small = Mean(100_000), large = Mean(100_000_000);
        large.Should().BeGreaterThan(small).And.BeLessThan(2 * small, "ids are drawn log-uniformly: most of a batch hits the frequent ids");
    }
}
