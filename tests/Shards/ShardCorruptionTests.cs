using System.Text;
using System.Text.RegularExpressions;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Streaming;

namespace AdaFtr.Shards.Tests;

/// <summary>Damaged shard sets: every case must fail loudly and name the file and block, never yield wrong rows.</summary>
[Trait("Category", "BadInput")]
public sealed class ShardCorruptionTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly LocalDirectoryStore _store;

    public ShardCorruptionTests() => _store = new LocalDirectoryStore(_temp.Path);

    private ShardManifest Write(ShardCompression compression = ShardCompression.None) =>
        ShardSetWriter.Write(new NumberedRows(1000), _store, new ShardWriteOptions(2, 100, compression));

    private string ShardPath(int shard) => _store.Describe(ShardSetWriter.FileName(shard));
    private string ManifestPath => _store.Describe(ShardManifest.FileName);

    private void ReadEverything()
    {
        using var batcher = new ShardBatcher(ShardSet.Open(_store), new ShardReadOptions(BatchSize: 128));
        while (batcher.Next() is { } batch) batch.Dispose();
    }

    private static void FlipBit(string path, long offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x10;
        File.WriteAllBytes(path, bytes);
    }

    private void EditManifest(Func<string, string> edit) => File.WriteAllText(ManifestPath, edit(File.ReadAllText(ManifestPath)));

    [Theory]
    [InlineData(ShardCompression.None)]
    [InlineData(ShardCompression.Lz4)]
    public void A_flipped_payload_bit_names_the_shard_and_block(ShardCompression compression)
    {
        var manifest = Write(compression);
        var block = manifest.Shards[1].Blocks[3];
        FlipBit(ShardPath(1), block.Offset + 32 + block.StoredBytes / 2);
        var read = ReadEverything;
        read.Should().Throw<ShardCorruptException>().WithMessage($"*{ShardSetWriter.FileName(1)} block 3: checksum mismatch*");
    }

    [Fact]
    public void A_flipped_bit_in_a_block_header_is_caught()
    {
        var manifest = Write();
        FlipBit(ShardPath(0), manifest.Shards[0].Blocks[2].Offset + 5); // the row count
        var read = ReadEverything;
        read.Should().Throw<ShardCorruptException>().WithMessage("*block 2: block header*disagrees with the manifest*");
    }

    [Fact]
    public void A_flipped_bit_in_the_block_magic_is_caught()
    {
        var manifest = Write();
        FlipBit(ShardPath(0), manifest.Shards[0].Blocks[4].Offset);
        var read = ReadEverything;
        read.Should().Throw<ShardCorruptException>().WithMessage("*block 4: no block header*");
    }

    [Fact]
    public void A_truncated_shard_file_fails_when_opened()
    {
        Write();
        var bytes = File.ReadAllBytes(ShardPath(1));
        File.WriteAllBytes(ShardPath(1), bytes[..^7]);
        var open = () => ShardSet.Open(_store);
        open.Should().Throw<ShardCorruptException>().WithMessage($"*{ShardSetWriter.FileName(1)}: * bytes, the manifest says*truncated*");
    }

    [Fact]
    public void Bytes_appended_to_a_shard_file_fail_when_opened()
    {
        Write();
        File.AppendAllText(ShardPath(0), "junk");
        var open = () => ShardSet.Open(_store);
        open.Should().Throw<ShardCorruptException>().WithMessage($"*{ShardSetWriter.FileName(0)}*the manifest says*");
    }

    [Fact]
    public void A_missing_shard_file_fails_when_opened()
    {
        Write();
        File.Delete(ShardPath(1));
        var open = () => ShardSet.Open(_store);
        open.Should().Throw<ShardCorruptException>().WithMessage("*missing: the manifest lists it*");
    }

    [Fact]
    public void A_manifest_row_count_that_disagrees_with_its_blocks_fails()
    {
        Write();
        EditManifest(json => json.Replace("\"rows\": 1000,", "\"rows\": 1001,"));
        var open = () => ShardSet.Open(_store);
        open.Should().Throw<ShardCorruptException>().WithMessage("*the manifest says 1001 rows, its shards hold 1000*");
    }

    [Fact]
    public void A_shard_row_count_that_disagrees_with_its_blocks_fails()
    {
        Write();
        EditManifest(json => json.Replace("\"rows\": 500,", "\"rows\": 499,"));
        var open = () => ShardSet.Open(_store);
        open.Should().Throw<ShardCorruptException>().WithMessage("*part-00000.shard: the manifest says 499 rows, its blocks hold 500*");
    }

    [Fact]
    public void A_manifest_checksum_that_disagrees_with_the_block_fails()
    {
        var manifest = Write();
        var checksum = manifest.Shards[0].Blocks[1].Checksum;
        EditManifest(json => json.Replace(checksum, new string('0', 16)));
        var read = ReadEverything;
        read.Should().Throw<ShardCorruptException>().WithMessage("*part-00000.shard block 1*disagrees with the manifest*");
    }

    [Fact]
    public void A_manifest_that_is_not_json_fails()
    {
        Write();
        File.WriteAllText(ManifestPath, "{\"format\": \"adaftr-shards\", \"version\": 1,");
        var open = () => ShardSet.Open(_store);
        open.Should().Throw<ShardCorruptException>().WithMessage($"{ManifestPath}: the manifest is not valid JSON*");
    }

    [Fact]
    public void A_manifest_of_another_version_fails()
    {
        Write();
        EditManifest(json => new Regex("\"version\": 1").Replace(json, "\"version\": 9", 1));
        var open = () => ShardSet.Open(_store);
        open.Should().Throw<ShardCorruptException>().WithMessage("*format version 9*");
    }

    [Fact]
    public void A_manifest_block_offset_that_is_off_fails()
    {
        var manifest = Write();
        EditManifest(json => json.Replace($"\"offset\": {manifest.Shards[1].Blocks[2].Offset},", $"\"offset\": {manifest.Shards[1].Blocks[2].Offset + 8},"));
        var open = () => ShardSet.Open(_store);
        open.Should().Throw<ShardCorruptException>().WithMessage("*part-00000.shard block 2: offset * but the previous block ends at*", "both shards have a block at that offset, the first is checked first");
    }

    [Fact]
    public void A_manifest_missing_a_field_fails()
    {
        Write();
        EditManifest(json => Regex.Replace(json, "\"source\": \"[^\"]*\",", ""));
        var open = () => ShardSet.Open(_store);
        open.Should().Throw<ShardCorruptException>().WithMessage("*not valid JSON for this format*");
    }

    [Fact]
    public void An_empty_manifest_file_fails()
    {
        Write();
        File.WriteAllBytes(ManifestPath, []);
        var open = () => ShardSet.Open(_store);
        open.Should().Throw<ShardCorruptException>();
    }

    [Theory]
    [InlineData("../part-00000.shard")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    public void A_manifest_naming_a_file_outside_the_set_fails(string file)
    {
        Write();
        EditManifest(json => json.Replace("\"file\": \"part-00001.shard\"", $"\"file\": \"{file}\""));
        var open = () => ShardSet.Open(_store);
        open.Should().Throw<ShardCorruptException>().WithMessage("*shards[1].file '*plain names inside the set");
    }

    public void Dispose() => _temp.Dispose();
}
