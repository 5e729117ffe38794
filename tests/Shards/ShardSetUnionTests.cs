using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Streaming;

namespace AdaFtr.Shards.Tests;

/// <summary>Several shard sets (the days of a training window) read as one.</summary>
[Trait("Category", "Shards")]
public sealed class ShardSetUnionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private ShardSet Day(string folder, int start, int rows, int shards, bool truth = false)
    {
        var store = new LocalDirectoryStore(_temp.File(folder));
        using (var writer = new ShardSetWriter(store, truth ? NumberedRows.TestSchema with { HasTruth = true } : NumberedRows.TestSchema, new ShardWriteOptions(shards, 64)))
        {
            writer.Append(NumberedRows.Make(start, rows, truth));
            writer.Complete(folder);
        }
        return ShardSet.Open(store);
    }

    [Fact]
    public void The_union_holds_every_row_of_every_set_once_with_summed_statistics()
    {
        var first = Day("day=2026-11-01", 0, 300, shards: 2);
        var second = Day("day=2026-11-02", 300, 200, shards: 3);
        var union = ShardSet.Union([first, second]);

        union.Manifest.Shards.Should().HaveCount(5);
        union.Manifest.Rows.Should().Be(500);
        union.Manifest.LabelPositives.Should().Equal(first.Manifest.LabelPositives.Zip(second.Manifest.LabelPositives, (a, b) => a + b));
        union.Manifest.VocabularySizes.Should().Equal(first.Manifest.VocabularySizes.Zip(second.Manifest.VocabularySizes, Math.Max));
        var users = union.ReadAll().SelectMany(r => Enumerable.Range(0, r.Rows).Select(i => NumberedRows.Check(r, i))).ToList();
        users.Should().BeEquivalentTo(Enumerable.Range(0, 500).Select(n => (long)n));

        using var batcher = new ShardBatcher(union, new ShardReadOptions(BatchSize: 50, Seed: 3, Shuffle: true, Epochs: 1));
        var seen = new List<long>();
        while (batcher.Next() is { } batch) using (batch) seen.AddRange(batch.User.data<long>().ToArray());
        seen.Should().BeEquivalentTo(users, "a shuffled epoch over the union reads each row of both days once");
    }

    [Fact]
    public void Sets_with_other_columns_are_refused_naming_the_set()
    {
        var first = Day("day=2026-11-01", 0, 100, shards: 1);
        var other = Day("day=2026-11-02", 100, 100, shards: 1, truth: true);
        var act = () => ShardSet.Union([first, other]);
        act.Should().Throw<ArgumentException>().WithMessage("*day=2026-11-02*columns differ*day=2026-11-01*");
    }

    public void Dispose() => _temp.Dispose();
}
