using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Shards.Tests;

[Trait("Category", "Shards")]
public sealed class ShardFormatTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Theory]
    [InlineData(ShardCompression.None)]
    [InlineData(ShardCompression.Lz4)]
    public void Round_trip_returns_every_column_of_every_row(ShardCompression compression)
    {
        var store = new LocalDirectoryStore(_temp.Path);
        var manifest = ShardSetWriter.Write(new NumberedRows(1000, truth: true), store, new ShardWriteOptions(1, 128, compression));

        manifest.Rows.Should().Be(1000);
        manifest.Shards.Single().Blocks.Should().HaveCount(8, "1000 rows in blocks of 128 make 7 full blocks and one of 104");
        var back = ColumnarRowsConcat.Of(ShardSet.Open(store).ReadAll().ToList());
        var expected = NumberedRows.Make(0, 1000, truth: true);
        back.Sparse.Should().Equal(expected.Sparse);
        back.Dense.Should().Equal(expected.Dense);
        back.Labels.Should().Equal(expected.Labels);
        back.User.Should().Equal(expected.User);
        back.Truth.Should().Equal(expected.Truth);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Chunks_that_straddle_block_boundaries_are_split_exactly(int shards)
    {
        var store = new LocalDirectoryStore(_temp.Path);
        using (var writer = new ShardSetWriter(store, NumberedRows.TestSchema, new ShardWriteOptions(shards, 100)))
        {
            for (int start = 0; start < 1000; start += 37) writer.Append(NumberedRows.Make(start, Math.Min(37, 1000 - start)));
            writer.Complete("chunks of 37");
        }
        var set = ShardSet.Open(store);
        set.Manifest.Shards.SelectMany(s => s.Blocks).Should().OnlyContain(b => b.Rows <= 100);
        var back = ColumnarRowsConcat.Of(set.ReadAll().ToList());
        var expected = Enumerable.Range(0, shards).SelectMany(s => Enumerable.Range(0, 1000).Where(i => i % shards == s)).Select(i => (long)i);
        back.User.Should().Equal(expected);
        for (int i = 0; i < back.Rows; i++) NumberedRows.Check(back, i);
    }

    [Fact]
    public void Lz4_makes_repetitive_blocks_smaller()
    {
        var plain = new LocalDirectoryStore(_temp.File("plain"));
        var packed = new LocalDirectoryStore(_temp.File("lz4"));
        var a = ShardSetWriter.Write(new NumberedRows(5000), plain, new ShardWriteOptions(1, 1024));
        var b = ShardSetWriter.Write(new NumberedRows(5000), packed, new ShardWriteOptions(1, 1024, ShardCompression.Lz4));
        b.Shards[0].Bytes.Should().BeLessThan(a.Shards[0].Bytes / 2);
    }

    [Fact]
    public void Manifest_counts_label_positives_and_vocabulary_sizes()
    {
        var store = new LocalDirectoryStore(_temp.Path);
        var manifest = ShardSetWriter.Write(new NumberedRows(1200), store, new ShardWriteOptions(3, 100));
        manifest.LabelPositives.Should().Equal(300, 100);        // n % 4 == 0 and n % 12 == 0 for n < 1200
        manifest.VocabularySizes.Should().Equal(1200, 7, 1000);  // largest id + 1 per field
        ShardSet.Open(store).Manifest.Should().BeEquivalentTo(manifest);
    }

    [Fact]
    public void Without_Complete_there_is_no_manifest_and_no_shard_set()
    {
        var store = new LocalDirectoryStore(_temp.Path);
        using (var writer = new ShardSetWriter(store, NumberedRows.TestSchema, new ShardWriteOptions(2, 10)))
            writer.Append(NumberedRows.Make(0, 50));
        store.List().Should().Contain(ShardSetWriter.FileName(0));
        ShardSet.Exists(store).Should().BeFalse();
        var open = () => ShardSet.Open(store);
        open.Should().Throw<FileNotFoundException>().WithMessage("*no manifest*");
    }

    [Fact]
    public void Writing_over_an_existing_set_is_refused()
    {
        var store = new LocalDirectoryStore(_temp.Path);
        ShardSetWriter.Write(new NumberedRows(10), store, new ShardWriteOptions());
        var again = () => ShardSetWriter.Write(new NumberedRows(10), store, new ShardWriteOptions());
        again.Should().Throw<IOException>().WithMessage("*already holds a shard set*");
    }

    [Fact]
    public void Sharding_puts_row_i_in_shard_i_mod_n_and_every_row_exactly_once()
    {
        var store = new LocalDirectoryStore(_temp.Path);
        var manifest = ShardSetWriter.Write(new NumberedRows(10_001), store, new ShardWriteOptions(4, 500));
        manifest.Shards.Select(s => s.Rows).Should().Equal(2501, 2500, 2500, 2500);
        var set = ShardSet.Open(store);
        var seen = new List<long>();
        int shard = 0;
        foreach (var entry in manifest.Shards)
        {
            var rows = ColumnarRowsConcat.Of(set.ReadAll().Skip(manifest.Shards.Take(shard).Sum(s => s.Blocks.Count)).Take(entry.Blocks.Count).ToList());
            for (int i = 0; i < rows.Rows; i++)
            {
                long n = NumberedRows.Check(rows, i);
                (n % 4).Should().Be(shard);
                seen.Add(n);
            }
            shard++;
        }
        seen.Order().Should().Equal(Enumerable.Range(0, 10_001).Select(i => (long)i));
    }

    [Fact]
    public void Sharding_is_deterministic_to_the_byte()
    {
        var a = new LocalDirectoryStore(_temp.File("a"));
        var b = new LocalDirectoryStore(_temp.File("b"));
        ShardSetWriter.Write(new NumberedRows(3000), a, new ShardWriteOptions(3, 256, ShardCompression.Lz4));
        ShardSetWriter.Write(new NumberedRows(3000), b, new ShardWriteOptions(3, 256, ShardCompression.Lz4));
        for (int s = 0; s < 3; s++)
            File.ReadAllBytes(a.Describe(ShardSetWriter.FileName(s))).Should().Equal(File.ReadAllBytes(b.Describe(ShardSetWriter.FileName(s))));
    }

    [Fact]
    public void An_empty_input_is_refused()
    {
        var store = new LocalDirectoryStore(_temp.Path);
        var write = () => ShardSetWriter.Write(new NumberedRows(0), store, new ShardWriteOptions());
        write.Should().Throw<InvalidOperationException>().WithMessage("*no rows*");
    }

    [Fact]
    public void More_shards_than_rows_leaves_empty_shards_that_read_as_nothing()
    {
        var store = new LocalDirectoryStore(_temp.Path);
        var manifest = ShardSetWriter.Write(new NumberedRows(2), store, new ShardWriteOptions(4, 10));
        manifest.Shards.Select(s => s.Rows).Should().Equal(1, 1, 0, 0);
        var set = ShardSet.Open(store);
        using (var batcher = new Streaming.ShardBatcher(set, new Streaming.ShardReadOptions(BatchSize: 8)))
        {
            using var batch = batcher.Next();
            batch!.User.data<long>().ToArray().Order().Should().Equal(0L, 1L);
            batcher.Next().Should().BeNull();
        }
        using var empty = new Streaming.ShardBatcher(set, new Streaming.ShardReadOptions(BatchSize: 8, Shards: [2, 3]));
        empty.Next().Should().BeNull();
        empty.Cursor.Should().Be(new Streaming.ShardCursor(0, -1, -1, 0));
    }

    public void Dispose() => _temp.Dispose();
}
