using System.Text;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Streaming;

namespace AdaFtr.Shards.Tests;

/// <summary>What every shard store must do, run against each implementation.</summary>
public abstract class ShardStoreContract
{
    protected abstract IShardStore NewStore();

    [Fact]
    public void A_shard_set_written_to_the_store_reads_back_every_row_once()
    {
        var store = NewStore();
        ShardSetWriter.Write(new NumberedRows(3_001), store, new ShardWriteOptions(2, 256, ShardCompression.Lz4));
        using var batcher = new ShardBatcher(ShardSet.Open(store), new ShardReadOptions(BatchSize: 500, Seed: 4));
        var seen = new List<long>();
        while (batcher.Next() is { } batch)
            using (batch) seen.AddRange(batch.User.data<long>().ToArray());
        seen.Order().Should().Equal(Enumerable.Range(0, 3_001).Select(i => (long)i));
    }

    [Fact]
    public void Creating_an_existing_object_is_refused_and_leaves_it_unchanged()
    {
        var store = NewStore();
        store.TryCreateNew("manifest.json", Encoding.UTF8.GetBytes("first")).Should().BeTrue();
        store.TryCreateNew("manifest.json", Encoding.UTF8.GetBytes("second")).Should().BeFalse();
        using var read = new StreamReader(store.OpenRead("manifest.json"));
        read.ReadToEnd().Should().Be("first");
    }

    [Fact]
    public void Absent_objects_have_no_length_and_cannot_be_opened()
    {
        var store = NewStore();
        store.Length("nothing-here").Should().BeNull();
        var open = () => store.OpenRead("nothing-here");
        open.Should().Throw<FileNotFoundException>().WithMessage("*nothing-here*");
    }

    [Fact]
    public void Streams_seek_and_read_ranges()
    {
        var store = NewStore();
        var bytes = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        using (var write = store.Create("data.bin")) write.Write(bytes);
        store.Length("data.bin").Should().Be(bytes.Length);
        using var read = store.OpenRead("data.bin");
        read.Position = 77_777;
        var part = new byte[1000];
        read.ReadExactly(part);
        part.Should().Equal(bytes[77_777..78_777]);
    }

    [Fact]
    public void Daily_partitions_are_child_stores_listed_as_folders()
    {
        var store = NewStore();
        foreach (var day in new[] { "day=2026-11-02", "day=2026-11-01" })
            ShardSetWriter.Write(new NumberedRows(10), store.Child(day), new ShardWriteOptions());
        store.Folders().Should().Equal("day=2026-11-01", "day=2026-11-02");
        store.Child("day=2026-11-01").List().Should().Equal(ShardManifest.FileName, ShardSetWriter.FileName(0));
        ShardSet.Open(store.Child("day=2026-11-02")).Manifest.Rows.Should().Be(10);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_corrupted_object_is_detected_on_read()
    {
        var store = NewStore();
        var manifest = ShardSetWriter.Write(new NumberedRows(1000), store, new ShardWriteOptions(1, 100));
        byte[] bytes;
        using (var read = store.OpenRead(ShardSetWriter.FileName(0)))
        using (var memory = new MemoryStream()) { read.CopyTo(memory); bytes = memory.ToArray(); }
        bytes[manifest.Shards[0].Blocks[5].Offset + 40] ^= 1;
        using (var write = store.Create(ShardSetWriter.FileName(0))) write.Write(bytes);
        var read_all = () => ShardSet.Open(store).ReadAll().ToList();
        read_all.Should().Throw<ShardCorruptException>().WithMessage("*part-00000.shard block 5: checksum mismatch*");
    }
}

[Trait("Category", "Shards")]
public sealed class LocalDirectoryStoreTests : ShardStoreContract, IDisposable
{
    private readonly TempFolder _temp = new();
    private int _stores;

    protected override IShardStore NewStore() => new LocalDirectoryStore(_temp.File($"store{_stores++}"));

    public void Dispose() => _temp.Dispose();
}

[Collection(AzuriteCollection.Name)]
[Trait("Category", "Shards")]
public sealed class AzureBlobStoreTests(AzuriteProcess azurite) : ShardStoreContract
{
    private static int _containers;

    protected override IShardStore NewStore() =>
        AzureBlobStore.Connect(azurite.ConnectionString, $"shards-{Interlocked.Increment(ref _containers)}-{Guid.NewGuid():N}"[..40].TrimEnd('-'), "sets/train");
}
