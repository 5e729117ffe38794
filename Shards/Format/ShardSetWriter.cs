using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Shards.Format;

/// <summary>
/// Writes rows into N shard files of checksummed blocks, then the manifest last. Row i of the
/// input (counted over all appends) goes to shard i mod N, so the same input and N always give the
/// same shards. Memory: one block buffer per shard.
/// </summary>
public sealed class ShardSetWriter : IDisposable
{
    public const string FileHeaderMagic = "ADFTSHRD";
    private readonly IShardStore _store;
    private readonly DatasetSchema _schema;
    private readonly ShardWriteOptions _options;
    private readonly ShardFile[] _shards;
    private readonly long[] _labelPositives;
    private readonly long[] _vocabulary;
    private byte[] _scratch = [];

    public ShardSetWriter(IShardStore store, DatasetSchema schema, ShardWriteOptions options)
    {
        options.Validate();
        if (store.Length(ShardManifest.FileName) is not null)
            throw new IOException($"{store.Describe(ShardManifest.FileName)} exists: that location already holds a shard set; write to an empty folder or delete it first");
        _store = store; _schema = schema; _options = options;
        _labelPositives = new long[schema.Labels.Count];
        _vocabulary = new long[schema.SparseFields.Count];
        _shards = Enumerable.Range(0, options.Shards).Select(i => new ShardFile(store, FileName(i), schema, options.BlockRows)).ToArray();
    }

    public static string FileName(int shard) => $"part-{shard:D5}.shard";

    /// <summary>Rows appended so far.</summary>
    public long Rows { get; private set; }

    public void Append(ColumnarRows rows)
    {
        if (rows.SparseFields != _schema.SparseFields.Count || rows.DenseFields != _schema.DenseFields.Count || rows.Tasks != _schema.Labels.Count
            || (rows.Truth is not null) != _schema.HasTruth)
            throw new ArgumentException("rows do not match the schema of this shard set", nameof(rows));
        int n = _shards.Length;
        if (n == 1)
        {
            // One shard: consecutive rows stay together, so copy whole runs.
            var shard = _shards[0];
            for (int r = 0; r < rows.Rows;)
            {
                int run = Math.Min(shard.Buffer.Free, rows.Rows - r);
                shard.Buffer.CopyRows(rows, r, run);
                r += run;
                if (shard.Buffer.IsFull) Flush(shard);
            }
        }
        else
        {
            for (int r = 0; r < rows.Rows; r++)
            {
                var shard = _shards[(int)((Rows + r) % n)];
                shard.Buffer.CopyRow(rows, r);
                if (shard.Buffer.IsFull) Flush(shard);
            }
        }
        Rows += rows.Rows;
    }

    /// <summary>Flushes the last blocks, closes the files and creates the manifest (only if absent).</summary>
    public ShardManifest Complete(string source)
    {
        if (Rows == 0) throw new InvalidOperationException("no rows to write: the input is empty");
        foreach (var shard in _shards)
        {
            if (shard.Buffer.Count > 0) Flush(shard);
            shard.Close();
        }
        var manifest = new ShardManifest(ShardManifest.FormatName, ShardManifest.CurrentVersion, _schema, source, _options.Compression,
            _options.BlockRows, Rows, _labelPositives, _vocabulary,
            _shards.Select(s => new ShardEntry(s.Name, s.Rows, s.Bytes, s.Blocks)).ToList(), DateTime.UtcNow);
        if (!_store.TryCreateNew(ShardManifest.FileName, manifest.ToJson()))
            throw new IOException($"{_store.Describe(ShardManifest.FileName)} appeared while writing: another writer used the same location");
        return manifest;
    }

    /// <summary>Reads <paramref name="source"/> to the end into a new shard set, reporting rows written to <paramref name="progress"/>.</summary>
    public static ShardManifest Write(IRowSource source, IShardStore store, ShardWriteOptions options, IProgress<long>? progress = null)
    {
        using var writer = new ShardSetWriter(store, source.Schema, options);
        foreach (var chunk in source.ReadChunks(Math.Min(options.BlockRows, 1 << 16)))
        {
            writer.Append(chunk);
            progress?.Report(writer.Rows);
        }
        return writer.Complete(source.Description);
    }

    private void Flush(ShardFile shard)
    {
        var rows = shard.Buffer.Filled();
        AddStatistics(rows);
        shard.Blocks.Add(BlockCodec.Write(shard.Stream, shard.Bytes, rows, _schema, _options.Compression, ref _scratch));
        shard.Rows += rows.Rows;
        shard.Bytes = shard.Stream.Position;
        shard.Buffer.Clear();
    }

    private void AddStatistics(ColumnarRows rows)
    {
        int tasks = rows.Tasks, fields = rows.SparseFields;
        for (int i = 0; i < rows.Rows * tasks; i++) _labelPositives[i % tasks] += rows.Labels[i] > 0.5f ? 1 : 0;
        for (int i = 0; i < rows.Rows * fields; i++)
        {
            ref long size = ref _vocabulary[i % fields];
            if (rows.Sparse[i] >= size) size = rows.Sparse[i] + 1;
        }
    }

    public void Dispose()
    {
        // Without a manifest (Complete not reached) the files are not a shard set; closing is all there is to do.
        foreach (var shard in _shards) shard.Close();
    }

    /// <summary>One shard file being written: its stream, block buffer and the block entries so far.</summary>
    private sealed class ShardFile
    {
        public ShardFile(IShardStore store, string name, DatasetSchema schema, int blockRows)
        {
            Name = name;
            Stream = store.Create(name);
            Stream.Write(System.Text.Encoding.ASCII.GetBytes(FileHeaderMagic));
            Stream.Write(BitConverter.GetBytes((long)ShardManifest.CurrentVersion));
            Bytes = Stream.Position;
            Buffer = new BlockBuffer(schema, blockRows);
        }

        public string Name { get; }
        public Stream Stream { get; }
        public BlockBuffer Buffer { get; }
        public List<BlockEntry> Blocks { get; } = [];
        public long Rows { get; set; }
        public long Bytes { get; set; }
        private bool _closed;

        public void Close()
        {
            if (_closed) return;
            _closed = true;
            Stream.Dispose();
        }
    }
}
