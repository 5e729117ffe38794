using System.Text.Json.Nodes;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Shards.Tests;

/// <summary>
/// Crafted shard manifests: sizes that would make a reader allocate gigabytes or overflow a sum are refused when the set
/// opens, as <see cref="ShardCorruptException"/> naming the manifest (or shard file) and the field.
/// </summary>
[Trait("Category", "BadInput")]
public sealed class ShardManifestBoundsTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly LocalDirectoryStore _store;

    public ShardManifestBoundsTests() => _store = new LocalDirectoryStore(_temp.Path);

    private string ManifestPath => _store.Describe(ShardManifest.FileName);

    private void Write(ShardCompression compression = ShardCompression.None) =>
        ShardSetWriter.Write(new NumberedRows(1000), _store, new ShardWriteOptions(2, 100, compression));

    private void Edit(Action<JsonNode> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(ManifestPath))!;
        edit(json);
        File.WriteAllText(ManifestPath, json.ToJsonString());
    }

    private static JsonNode Block(JsonNode manifest, int shard, int block) => manifest["shards"]![shard]!["blocks"]![block]!;

    private Action Open => () => ShardSet.Open(_store);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(ShardManifest.MaxBlockRows + 1)]
    [InlineData(int.MaxValue)]
    public void A_block_rows_outside_the_bounds_is_refused(int blockRows)
    {
        Write();
        Edit(m => m["block_rows"] = blockRows);
        Open.Should().Throw<ShardCorruptException>().WithMessage($"{ManifestPath}: block_rows {blockRows} must be between 1 and {ShardManifest.MaxBlockRows}*");
    }

    [Fact]
    public void A_block_rows_whose_blocks_would_pass_a_gibibyte_is_refused()
    {
        Write();
        // 300 more dense columns make a row 1,248 bytes: a million of them are within the row bound but over 1 GiB.
        Edit(m =>
        {
            var dense = m["schema"]!["dense_fields"]!.AsArray();
            for (int i = 0; i < 300; i++) dense.Add($"wide{i}");
            m["block_rows"] = 1_000_000;
        });
        Open.Should().Throw<ShardCorruptException>().WithMessage($"{ManifestPath}: block_rows 1000000 of 1248-byte rows make blocks over {ShardManifest.MaxBlockBytes} bytes*");
    }

    [Theory]
    [InlineData(ShardCompression.None, 2)]
    [InlineData(ShardCompression.None, 1000)]
    [InlineData(ShardCompression.Lz4, 1000)]
    public void A_stored_size_far_beyond_the_raw_size_is_refused(ShardCompression compression, long factor)
    {
        Write(compression);
        Edit(m =>
        {
            var block = Block(m, 0, 1);
            block["stored_bytes"] = block["raw_bytes"]!.GetValue<long>() * factor;
        });
        Open.Should().Throw<ShardCorruptException>().WithMessage("*part-00000.shard block 1: stored_bytes * must be between 1 and * raw bytes*");
    }

    [Theory]
    [InlineData("stored_bytes", 0L)]
    [InlineData("stored_bytes", -1L)]
    [InlineData("stored_bytes", long.MaxValue)]
    [InlineData("raw_bytes", long.MaxValue)]
    [InlineData("raw_bytes", -8L)]
    [InlineData("offset", long.MaxValue)]
    [InlineData("offset", -16L)]
    [InlineData("rows", int.MaxValue)]
    [InlineData("rows", 0L)]
    public void A_block_size_that_overflows_or_makes_no_sense_is_refused_naming_the_field(string field, long value)
    {
        Write();
        Edit(m => Block(m, 1, 2)[field] = value);
        Open.Should().Throw<ShardCorruptException>().WithMessage($"*part-00001.shard block 2: {field} *");
    }

    [Theory]
    [InlineData("rows", long.MaxValue)]
    [InlineData("bytes", long.MaxValue)]
    [InlineData("rows", -1L)]
    public void A_shard_total_that_disagrees_with_its_blocks_is_refused_naming_the_field(string field, long value)
    {
        Write();
        Edit(m => m["shards"]![1]![field] = value);
        Open.Should().Throw<ShardCorruptException>().WithMessage($"{ManifestPath}: shards[1].{field}: *");
    }

    [Fact]
    public void A_negative_row_count_is_refused()
    {
        Write();
        Edit(m => m["rows"] = -1);
        Open.Should().Throw<ShardCorruptException>().WithMessage($"{ManifestPath}: rows -1 must not be negative");
    }

    [Fact]
    public void A_writer_refuses_blocks_no_reader_would_accept()
    {
        var act = () => new ShardWriteOptions(BlockRows: ShardManifest.MaxBlockRows + 1).Validate();
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*between 1 and*");
    }

    public void Dispose() => _temp.Dispose();
}
