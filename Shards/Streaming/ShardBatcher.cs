using AdaFtr.Model;
using AdaFtr.Shards.Format;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Shards.Streaming;

/// <summary>
/// Streams a shard set as tensor batches. Blocks are read in windows of
/// <see cref="ShardReadOptions.WindowBlocks"/> straight from the file into the window's CPU
/// tensors (checksummed on the way), and each batch is a slice (or, when shuffling, an
/// <c>index_select</c> by a seeded permutation) of those tensors: no per-row managed work. Batches run across window
/// boundaries, so every batch but the last of the final epoch is full. <see cref="Cursor"/> is the
/// position of the next row; passing it to a new batcher resumes at exactly that row.
/// Not thread-safe; TorchSharp's dispose scopes are per thread, so use it from one thread.
/// </summary>
public sealed class ShardBatcher : IDisposable
{
    private readonly ShardSet _set;
    private readonly ShardReadOptions _options;
    private readonly int[] _shards;
    private readonly Dictionary<int, Stream> _streams = [];
    private byte[] _scratch = [];
    private byte[] _truth = [];      // the truth columns are verified but not batched
    private int _epoch;
    private BlockRef[] _order;
    private int _window;            // index of the current window in _order, in units of WindowBlocks
    private Batch? _rows;           // the current window's rows as tensors
    private Tensor? _permutation;   // row order within the window when shuffling
    private long _position;         // rows of the current window already yielded

    public ShardBatcher(ShardSet set, ShardReadOptions options, ShardCursor? resumeAt = null)
    {
        options.Validate(set.Manifest.Shards.Count);
        _set = set; _options = options;
        _shards = (options.Shards ?? Enumerable.Range(0, set.Manifest.Shards.Count).ToList()).ToArray();
        var start = resumeAt ?? new ShardCursor(0, -1, -1, 0);
        _epoch = start.Epoch;
        _order = EpochPlan.Order(set.Manifest, _shards, options.Seed, _epoch, options.Shuffle);
        if (resumeAt is null || Finished) return;
        int at = Array.IndexOf(_order, new BlockRef(resumeAt.Shard, resumeAt.Block));
        if (at < 0 || at % options.WindowBlocks != 0)
            throw new ArgumentException($"cursor ({resumeAt}) does not start a window of this shard set with these read options (seed, shuffle, window, shards)", nameof(resumeAt));
        _window = at / options.WindowBlocks;
        LoadWindow();
        if (resumeAt.Row < 0 || resumeAt.Row > WindowRows)
            throw new ArgumentException($"cursor ({resumeAt}) row is outside its window of {WindowRows} rows", nameof(resumeAt));
        _position = resumeAt.Row;
    }

    /// <summary>The position of the next row to be yielded.</summary>
    public ShardCursor Cursor
    {
        get
        {
            if (_rows is not null && _position < WindowRows)
            {
                var first = _order[_window * _options.WindowBlocks];
                return new ShardCursor(_epoch, first.Shard, first.Block, _position);
            }
            // Shards without rows: there is no position to name.
            if (_order.Length == 0) return new ShardCursor(_epoch, -1, -1, 0);
            // The window is used up (or none is loaded yet): the next row starts the next window.
            int epoch = _epoch, next = _rows is null ? _window * _options.WindowBlocks : (_window + 1) * _options.WindowBlocks;
            var order = _order;
            if (next >= order.Length)
            {
                epoch++; next = 0;
                order = EpochPlan.Order(_set.Manifest, _shards, _options.Seed, epoch, _options.Shuffle);
            }
            return new ShardCursor(epoch, order[next].Shard, order[next].Block, 0);
        }
    }

    /// <summary>Rows yielded by this batcher (since it was created).</summary>
    public long RowsYielded { get; private set; }

    private bool Finished => _options.Epochs is int epochs && _epoch >= epochs || _order.Length == 0;
    private long WindowRows => _rows?.Size ?? 0;

    /// <summary>The next batch (the caller disposes it), or null when the configured epochs are done.</summary>
    public Batch? Next()
    {
        var pieces = new List<Batch>(2);
        long wanted = _options.BatchSize;
        while (wanted > 0)
        {
            if (_rows is null || _position == WindowRows)
            {
                if (!AdvanceWindow()) break;
            }
            long take = Math.Min(wanted, WindowRows - _position);
            pieces.Add(Take(_position, take));
            _position += take;
            wanted -= take;
        }
        if (pieces.Count == 0) return null;
        RowsYielded += _options.BatchSize - wanted;
        return pieces.Count == 1 ? pieces[0] : Concatenate(pieces);
    }

    private Batch Take(long start, long count)
    {
        if (_permutation is not null)
        {
            using var rows = _permutation.narrow(0, start, count);
            return _rows!.Select(rows);
        }
        return new Batch(_rows!.Sparse.narrow(0, start, count), _rows.Dense.narrow(0, start, count),
            _rows.Labels.narrow(0, start, count), _rows.User.narrow(0, start, count));
    }

    private static Batch Concatenate(List<Batch> pieces)
    {
        var batch = new Batch(torch.cat(pieces.Select(p => p.Sparse).ToList(), 0), torch.cat(pieces.Select(p => p.Dense).ToList(), 0),
            torch.cat(pieces.Select(p => p.Labels).ToList(), 0), torch.cat(pieces.Select(p => p.User).ToList(), 0));
        foreach (var p in pieces) p.Dispose();
        return batch;
    }

    /// <summary>Moves to the next window (and epoch); false when there is none.</summary>
    private bool AdvanceWindow()
    {
        if (_rows is not null)
        {
            _window++;
            if (_window * _options.WindowBlocks >= _order.Length)
            {
                _epoch++; _window = 0;
                _order = EpochPlan.Order(_set.Manifest, _shards, _options.Seed, _epoch, _options.Shuffle);
            }
        }
        if (Finished) { ReleaseWindow(); return false; }
        LoadWindow();
        return true;
    }

    private void LoadWindow()
    {
        ReleaseWindow();
        var blocks = _order.Skip(_window * _options.WindowBlocks).Take(_options.WindowBlocks).ToArray();
        int rows = blocks.Sum(b => _set.Manifest.Shards[b.Shard].Blocks[b.Block].Rows);
        // Blocks are read straight into the window's tensors (native memory): no managed arrays, no staging copy.
        // Always on the CPU, whatever the default device: only host memory can be filled through a span.
        var schema = _set.Schema;
        var cpu = torch.CPU;
        var window = new Batch(torch.empty([rows, schema.SparseFields.Count], ScalarType.Int64, cpu), torch.empty([rows, schema.DenseFields.Count], ScalarType.Float32, cpu),
            torch.empty([rows, schema.Labels.Count], ScalarType.Float32, cpu), torch.empty([rows], ScalarType.Int64, cpu));
        int truthBytes = schema.HasTruth ? rows * schema.Labels.Count * sizeof(float) : 0;
        if (_truth.Length < truthBytes) _truth = new byte[truthBytes];
        var groups = new ColumnGroups(window.Sparse.bytes, window.Dense.bytes, window.Labels.bytes, window.User.bytes, _truth.AsSpan(0, truthBytes), schema);
        try
        {
            int at = 0;
            foreach (var b in blocks)
            {
                if (!_streams.TryGetValue(b.Shard, out var stream)) _streams[b.Shard] = stream = _set.OpenShard(b.Shard);
                _set.ReadBlock(stream, b.Shard, b.Block, groups, at, ref _scratch);
                at += _set.Manifest.Shards[b.Shard].Blocks[b.Block].Rows;
            }
        }
        catch
        {
            window.Dispose();
            throw;
        }
        _rows = window;
        if (_options.Shuffle)
        {
            using var generator = new Generator(SplitMix64.Combine(_options.Seed, _epoch, 1 + _window));
            _permutation = torch.randperm(rows, generator: generator, device: torch.CPU);
        }
        _position = 0;
    }

    private void ReleaseWindow()
    {
        _rows?.Dispose(); _rows = null;
        _permutation?.Dispose(); _permutation = null;
    }

    public void Dispose()
    {
        ReleaseWindow();
        foreach (var stream in _streams.Values) stream.Dispose();
        _streams.Clear();
    }
}
