using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Shards.Tests;

[Collection(AzuriteCollection.Name)]
[Trait("Category", "Shards")]
public sealed class ShardStoresTests(AzuriteProcess azurite)
{
    [Fact]
    public void An_az_location_opens_a_blob_store_that_the_input_spec_reads_as_shards()
    {
        var location = $"az://located-{Guid.NewGuid():N}"[..30] + "/sets/a";
        var store = ShardStores.Open(location, forWriting: true, azurite.ConnectionString);
        store.Should().BeOfType<AzureBlobStore>();
        ShardSetWriter.Write(new NumberedRows(321), store, new ShardWriteOptions(2, 50));
        ShardSet.Open(ShardStores.Open(location, connectionString: azurite.ConnectionString)).Manifest.Rows.Should().Be(321);
        new InputSpec(location).Resolve().Should().Be(InputFormat.Shards);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Reading_a_missing_container_finds_no_shard_set_and_creates_nothing()
    {
        var store = ShardStores.Open("az://never-written-container/x", connectionString: azurite.ConnectionString);
        store.Folders().Should().BeEmpty();
        store.List().Should().BeEmpty();
        var open = () => ShardSet.Open(store);
        open.Should().Throw<FileNotFoundException>().WithMessage("*no manifest*");
        ShardSet.Exists(ShardStores.Open("az://never-written-container", connectionString: azurite.ConnectionString)).Should().BeFalse();
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void An_az_location_without_a_connection_string_says_which_variable_to_set()
    {
        var open = () => ShardStores.Open("az://c/x", connectionString: " ");
        open.Should().Throw<ArgumentException>().WithMessage($"*{ShardStores.ConnectionStringVariable}*");
    }
}
