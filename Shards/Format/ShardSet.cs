using System.Text.Json;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Shards.Format;

/// <summary>
/// An opened shard set: its manifest, checked against itself and against the files' sizes before
/// any row is read, and block reads that verify every block's header and checksum. A set may be
/// the <see cref="Union"/> of several (e.g. the days of a training window), each shard read from its own store.
/// </summary>
public sealed class ShardSet
{
    private readonly IReadOnlyList<IShardStore> _shardStores;

    private ShardSet(IShardStore store, ShardManifest manifest)
        : this(store, manifest, Enumerable.Repeat(store, manifest.Shards.Count).ToList()) { }

    private ShardSet(IShardStore store, ShardManifest manifest, IReadOnlyList<IShardStore> shardStores)
    {
        Store = store; Manifest = manifest; _shardStores = shardStores;
    }

    /// <summary>Where the manifest lies; for a union, the first set's store.</summary>
    public IShardStore Store { get; }
    public ShardManifest Manifest { get; }
    public DatasetSchema Schema => Manifest.Schema;

    /// <summary>True when <paramref name="store"/> holds a manifest.</summary>
    public static bool Exists(IShardStore store) => store.Length(ShardManifest.FileName) is not null;

    public static ShardSet Open(IShardStore store)
    {
        var where = store.Describe(ShardManifest.FileName);
        if (!Exists(store)) throw new FileNotFoundException($"{where}: no manifest; not a shard set (or its writing never completed)", where);
        ShardManifest manifest;
        try
        {
            using var stream = store.OpenRead(ShardManifest.FileName);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            manifest = ShardManifest.FromJson(memory.ToArray());
        }
        catch (JsonException e) { throw new ShardCorruptException(where, $"the manifest is not valid JSON for this format: {e.Message}"); }
        ShardManifestValidator.Validate(store, manifest, where);
        return new ShardSet(store, manifest);
    }

    /// <summary>
    /// The sets read as one: their shards appended in the order given, rows and label positives
    /// summed, vocabulary sizes the largest of each field. A shard keeps reading from its own store.
    /// </summary>
    /// <exception cref="ArgumentException">the sets differ in columns or compression, naming the set that differs from the first.</exception>
    public static ShardSet Union(IReadOnlyList<ShardSet> sets)
    {
        if (sets.Count == 0) throw new ArgumentException("a union needs at least one shard set", nameof(sets));
        if (sets.Count == 1) return sets[0];
        var first = sets[0].Manifest;
        var firstName = sets[0].Store.Describe(ShardManifest.FileName);
        foreach (var set in sets.Skip(1))
        {
            var where = set.Store.Describe(ShardManifest.FileName);
            if (!set.Schema.SameColumns(first.Schema))
                throw new ArgumentException($"{where}: its columns differ from {firstName}'s; every set read as one needs the same schema", nameof(sets));
            if (set.Manifest.Compression != first.Compression)
                throw new ArgumentException($"{where}: compression {set.Manifest.Compression}, {firstName} has {first.Compression}; reshard one of them so they match", nameof(sets));
        }
        var manifests = sets.Select(s => s.Manifest).ToList();
        var union = first with
        {
            Source = string.Join("; ", manifests.Select(m => m.Source)),
            BlockRows = manifests.Max(m => m.BlockRows),
            Rows = manifests.Sum(m => m.Rows),
            LabelPositives = Enumerable.Range(0, first.LabelPositives.Count).Select(k => manifests.Sum(m => m.LabelPositives[k])).ToList(),
            VocabularySizes = Enumerable.Range(0, first.VocabularySizes.Count).Select(f => manifests.Max(m => m.VocabularySizes[f])).ToList(),
            Shards = manifests.SelectMany(m => m.Shards).ToList(),
            CreatedUtc = manifests.Max(m => m.CreatedUtc),
        };
        return new ShardSet(sets[0].Store, union, sets.SelectMany(s => s._shardStores).ToList());
    }

    /// <summary>A seekable stream over shard <paramref name="shard"/>; the caller disposes it.</summary>
    public Stream OpenShard(int shard) => _shardStores[shard].OpenRead(Manifest.Shards[shard].File);

    /// <summary>Rows of a fresh buffer sized for <paramref name="rows"/> rows of this set.</summary>
    public ColumnarRows Allocate(int rows) => new(
        new long[rows * Schema.SparseFields.Count], new float[rows * Schema.DenseFields.Count], new float[rows * Schema.Labels.Count],
        new long[rows], rows, Schema.SparseFields.Count, Schema.DenseFields.Count, Schema.Labels.Count,
        Schema.HasTruth ? new float[rows * Schema.Labels.Count] : null);

    /// <summary>Reads block <paramref name="block"/> of shard <paramref name="shard"/> into rows starting at <paramref name="destRow"/>.</summary>
    public void ReadBlock(Stream shardStream, int shard, int block, ColumnarRows destination, int destRow, ref byte[] scratch) =>
        ReadBlock(shardStream, shard, block, ColumnGroups.Of(destination, Schema), destRow, ref scratch);

    internal void ReadBlock(Stream shardStream, int shard, int block, ColumnGroups destination, int destRow, ref byte[] scratch) =>
        BlockCodec.Read(shardStream, Manifest.Shards[shard].Blocks[block], Manifest.Compression, destination, destRow,
            $"{_shardStores[shard].Describe(Manifest.Shards[shard].File)} block {block}", ref scratch);

    /// <summary>Every row in file order (shard by shard, block by block), one chunk per block.</summary>
    public IEnumerable<ColumnarRows> ReadAll()
    {
        byte[] scratch = [];
        for (int s = 0; s < Manifest.Shards.Count; s++)
        {
            using var stream = OpenShard(s);
            for (int b = 0; b < Manifest.Shards[s].Blocks.Count; b++)
            {
                var rows = Allocate(Manifest.Shards[s].Blocks[b].Rows);
                ReadBlock(stream, s, b, rows, 0, ref scratch);
                yield return rows;
            }
        }
    }
}
