using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Streaming;

namespace AdaFtr.Shards.Tests;

/// <summary>Resume-anywhere, checked over many small random layouts (rows, shards, blocks, windows, batches, epochs).</summary>
[Trait("Category", "Shards")]
public sealed class CursorPropertyTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private static List<long> Drain(ShardBatcher batcher, int maxBatches)
    {
        var rows = new List<long>();
        for (int i = 0; i < maxBatches && batcher.Next() is { } batch; i++)
            using (batch) rows.AddRange(batch.User.data<long>().ToArray());
        return rows;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Resuming_from_any_saved_cursor_continues_the_same_sequence(int seed)
    {
        var random = new Random(seed);
        int rows = random.Next(1, 700), shards = random.Next(1, 5), blockRows = random.Next(1, 90);
        var store = new LocalDirectoryStore(_temp.File($"set{seed}"));
        ShardSetWriter.Write(new NumberedRows(rows), store, new ShardWriteOptions(shards, blockRows));
        var set = ShardSet.Open(store);
        var options = new ShardReadOptions(BatchSize: random.Next(1, 120), Seed: random.Next(), Shuffle: random.Next(2) == 1,
            WindowBlocks: random.Next(1, 4), Epochs: random.Next(1, 4));

        using var whole = new ShardBatcher(set, options);
        var all = Drain(whole, int.MaxValue);
        all.Should().HaveCount(rows * options.Epochs!.Value, "every epoch yields every row once");

        for (int trial = 0; trial < 5; trial++)
        {
            using var first = new ShardBatcher(set, options);
            var before = Drain(first, random.Next(0, all.Count / options.BatchSize + 2));
            using var resumed = new ShardBatcher(set, options, first.Cursor);
            before.Concat(Drain(resumed, int.MaxValue)).Should().Equal(all, $"resumed at {first.Cursor} with {options}");
        }
    }

    public void Dispose() => _temp.Dispose();
}
