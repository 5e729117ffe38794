using AdaFtr.Model;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Streaming;

namespace AdaFtr.Shards.Tests;

[Trait("Category", "Shards")]
public sealed class BatcherTests : IDisposable
{
    private const int Rows = 5_003;
    private readonly TempFolder _temp = new();
    private readonly ShardSet _set;

    public BatcherTests()
    {
        var store = new LocalDirectoryStore(_temp.Path);
        ShardSetWriter.Write(new NumberedRows(Rows), store, new ShardWriteOptions(3, 300));
        _set = ShardSet.Open(store);
    }

    /// <summary>Row numbers (the user column) of every batch, and checks each row's columns still belong together.</summary>
    private static List<long[]> Drain(ShardBatcher batcher, int maxBatches = int.MaxValue)
    {
        var batches = new List<long[]>();
        for (int i = 0; i < maxBatches; i++)
        {
            using var batch = batcher.Next();
            if (batch is null) break;
            batches.Add(Rows_of(batch));
        }
        return batches;
    }

    private static long[] Rows_of(Batch batch)
    {
        var users = batch.User.data<long>().ToArray();
        var sparse = batch.Sparse.data<long>().ToArray();
        var dense = batch.Dense.data<float>().ToArray();
        var labels = batch.Labels.data<float>().ToArray();
        for (int i = 0; i < users.Length; i++)
        {
            sparse[i * 3].Should().Be(users[i]);
            sparse[i * 3 + 1].Should().Be(users[i] % 7);
            dense[i * 2].Should().Be(users[i] * 0.5f);
            labels[i * 2].Should().Be(users[i] % 4 == 0 ? 1 : 0);
        }
        return users;
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(true, 4)]
    public void One_epoch_yields_every_row_exactly_once(bool shuffle, int window)
    {
        using var batcher = new ShardBatcher(_set, new ShardReadOptions(BatchSize: 64, Seed: 7, Shuffle: shuffle, WindowBlocks: window));
        var batches = Drain(batcher);
        batches.Take(batches.Count - 1).Should().OnlyContain(b => b.Length == 64);
        batches[^1].Length.Should().Be(Rows % 64);
        batches.SelectMany(b => b).Order().Should().Equal(Enumerable.Range(0, Rows).Select(i => (long)i));
        batcher.RowsYielded.Should().Be(Rows);
    }

    [Fact]
    public void Without_shuffling_rows_come_shard_by_shard_in_file_order()
    {
        using var batcher = new ShardBatcher(_set, new ShardReadOptions(BatchSize: 1000, Shuffle: false));
        var rows = Drain(batcher).SelectMany(b => b).ToArray();
        var expected = Enumerable.Range(0, 3).SelectMany(s => Enumerable.Range(0, Rows).Where(i => i % 3 == s)).Select(i => (long)i);
        rows.Should().Equal(expected);
    }

    [Fact]
    public void Same_seed_same_order_other_seed_other_order_other_epoch_other_order()
    {
        long[] Order(long seed, int epochs) { using var b = new ShardBatcher(_set, new ShardReadOptions(BatchSize: 100, Seed: seed, Epochs: epochs)); return Drain(b).SelectMany(x => x).ToArray(); }
        var a = Order(1, 2);
        a.Should().Equal(Order(1, 2));
        a.Take(Rows).Should().NotEqual(Order(2, 1), "another seed shuffles differently");
        a.Take(Rows).Should().NotEqual(a.Skip(Rows), "each epoch has its own order");
        a.Skip(Rows).Order().Should().Equal(Enumerable.Range(0, Rows).Select(i => (long)i));
    }

    [Theory]
    [InlineData(1)]     // inside the first window
    [InlineData(13)]    // a few windows in
    [InlineData(79)]    // the second epoch, after the epoch boundary (5003 rows / 64 per batch = 78.2)
    public void A_saved_cursor_resumes_at_the_same_row(int batchesBeforeSave)
    {
        var options = new ShardReadOptions(BatchSize: 64, Seed: 3, WindowBlocks: 2, Epochs: 2);
        using var full = new ShardBatcher(_set, options);
        var all = Drain(full).SelectMany(b => b).ToArray();

        using var first = new ShardBatcher(_set, options);
        var before = Drain(first, batchesBeforeSave).SelectMany(b => b).ToArray();
        var cursor = first.Cursor;
        using var resumed = new ShardBatcher(_set, options, cursor);
        var after = Drain(resumed).SelectMany(b => b).ToArray();

        before.Concat(after).Should().Equal(all);
    }

    [Fact]
    public void A_cursor_at_an_exact_window_boundary_resumes_there()
    {
        // No shuffling, one block per window, batches of exactly one block: every save lands on a boundary.
        var options = new ShardReadOptions(BatchSize: 300, Shuffle: false, WindowBlocks: 1);
        using var first = new ShardBatcher(_set, options);
        Drain(first, 2);
        first.Cursor.Should().Be(new ShardCursor(0, 0, 2, 0));
        using var resumed = new ShardBatcher(_set, options, first.Cursor);
        using var batch = resumed.Next();
        batch!.User.data<long>()[0].Should().Be(600 * 3, "shard 0 block 2 starts at its 600th row, which is row 1800 of the input");
    }

    [Fact]
    public void Workers_reading_disjoint_shards_cover_every_row_once()
    {
        var seen = new List<long>();
        for (int worker = 0; worker < 2; worker++)
        {
            var mine = Enumerable.Range(0, 3).Where(s => s % 2 == worker).ToList();
            using var batcher = new ShardBatcher(_set, new ShardReadOptions(BatchSize: 128, Seed: 5, Shards: mine));
            seen.AddRange(Drain(batcher).SelectMany(b => b));
        }
        seen.Order().Should().Equal(Enumerable.Range(0, Rows).Select(i => (long)i));
    }

    [Fact]
    public void Lz4_sets_batch_the_same_as_plain_ones()
    {
        var store = new LocalDirectoryStore(_temp.File("lz4"));
        ShardSetWriter.Write(new NumberedRows(Rows), store, new ShardWriteOptions(3, 300, ShardCompression.Lz4));
        var options = new ShardReadOptions(BatchSize: 77, Seed: 11);
        using var plain = new ShardBatcher(_set, options);
        using var packed = new ShardBatcher(ShardSet.Open(store), options);
        Drain(packed).SelectMany(b => b).Should().Equal(Drain(plain).SelectMany(b => b));
    }

    [Fact]
    public void A_cursor_from_other_options_is_refused()
    {
        var options = new ShardReadOptions(BatchSize: 64, Seed: 3, WindowBlocks: 2);
        using var first = new ShardBatcher(_set, options);
        Drain(first, 3);
        var others = Enumerable.Range(0, 3).Where(s => s != first.Cursor.Shard).ToList();
        var mismatch = () => new ShardBatcher(_set, options with { Shards = others }, first.Cursor);
        mismatch.Should().Throw<ArgumentException>().WithMessage("*does not start a window*");
    }

    public void Dispose() => _temp.Dispose();
}
