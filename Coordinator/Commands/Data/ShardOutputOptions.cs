using System.CommandLine;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Coordinator.Commands.Data;

/// <summary>Where and how shard sets are written; one instance per command.</summary>
internal sealed class ShardOutputOptions
{
    public readonly Option<string> Out = new("--out", "-o")
    {
        Description = "Where the shard set goes (must not hold one already): a folder, or az://container/folder with AZURE_STORAGE_CONNECTION_STRING set.",
        Required = true,
    };
    public readonly Option<int> Shards = new("--shards")
    {
        Description = "Number of shard files; row i goes to shard i mod N (give each worker its own).",
        DefaultValueFactory = _ => 1,
    };
    public readonly Option<int> BlockRows = new("--block-rows")
    {
        Description = "Rows per block: the unit of checksums, shuffling and reads.",
        DefaultValueFactory = _ => 1 << 16,
    };
    public readonly Option<string> Compression = new("--compression")
    {
        Description = "Block compression: none (fastest from local disk) or lz4 (smaller, for blob storage).",
        DefaultValueFactory = _ => "none",
    };

    public ShardOutputOptions()
    {
        Compression.AcceptOnlyFromAmong("none", "lz4");
        Shards.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--shards must be 1 or more"); });
        BlockRows.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > ShardManifest.MaxBlockRows) r.AddError($"--block-rows must be between 1 and {ShardManifest.MaxBlockRows}"); });
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Out, Shards, BlockRows, Compression }) command.Options.Add(option);
    }

    /// <exception cref="UserError">--out names a file (e.g. the input itself): a shard set is a folder.</exception>
    public IShardStore Store(ParseResult parsed)
    {
        var location = parsed.GetValue(Out)!;
        if (!ShardStores.IsBlob(location) && File.Exists(location))
            throw new UserError($"--out {location}: a file, and a shard set is a folder (manifest.json and part-*.shard); pass a folder that does not hold a file of that name");
        return ShardStores.Open(location, forWriting: true);
    }

    public ShardWriteOptions WriteOptions(ParseResult parsed) => new(parsed.GetValue(Shards), parsed.GetValue(BlockRows),
        parsed.GetValue(Compression) == "lz4" ? ShardCompression.Lz4 : ShardCompression.None);
}
