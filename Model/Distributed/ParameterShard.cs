using AdaFtr.Model.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Distributed;

/// <summary>
/// The state one parameter-server shard owns: its dense parameters and embedding rows, with
/// their Adam state, at a version (the number of steps applied). <see cref="Apply"/> sums the K
/// workers' gradients in worker order and runs the same Adam code as <see cref="LazyAdam"/>, so K
/// workers reproduce the local trainer with K micro-batches.
/// </summary>
public sealed class ParameterShard : IDisposable
{
    private readonly ParameterLayout _layout;
    private readonly long _rowStart;
    private readonly Dictionary<string, Tensor> _dense;
    private readonly Dictionary<string, DenseAdamSlot> _denseSlots;
    private readonly Tensor _rows;
    private readonly LazyRowAdamSlot _rowSlot;

    /// <param name="dense">This shard's dense parameters by name; copied.</param>
    /// <param name="rows">[End − Start, E] this shard's embedding rows; copied.</param>
    public ParameterShard(ParameterLayout layout, int shard, AdamSettings settings, IReadOnlyDictionary<string, Tensor> dense, Tensor rows)
    {
        _layout = layout;
        Shard = shard;
        (_rowStart, long end) = layout.RowRange(shard);
        if (rows.shape[0] != end - _rowStart)
            throw new ArgumentException($"shard {shard} owns rows [{_rowStart}, {end}) but was given {rows.shape[0]}", nameof(rows));
        var expected = layout.DenseOf(shard).Select(d => d.Name).ToHashSet();
        if (!expected.SetEquals(dense.Keys))
            throw new ArgumentException($"shard {shard} owns [{string.Join(", ", expected.Order())}] but was given [{string.Join(", ", dense.Keys.Order())}]", nameof(dense));
        _dense = dense.ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        _denseSlots = _dense.ToDictionary(kv => kv.Key, kv => new DenseAdamSlot(kv.Value, settings));
        _rows = rows.detach().clone();
        _rowSlot = new LazyRowAdamSlot(_rows, settings with { WeightDecay = 0 });   // as LazyAdam: embedding L2 is the objective's λ·reg
    }

    public int Shard { get; }

    /// <summary>Steps applied so far.</summary>
    public long Version { get; private set; }

    public IReadOnlyDictionary<string, Tensor> Dense => _dense;

    /// <summary>[U, E] the current values of <paramref name="globalRowIds"/> (all inside this shard's range).</summary>
    public Tensor Rows(Tensor globalRowIds) => _rows.index_select(0, globalRowIds - _rowStart);

    /// <summary>All of this shard's rows, [End − Start, E] (for checkpoints and tests).</summary>
    public Tensor AllRows => _rows;

    /// <param name="inWorkerOrder">Exactly one entry per worker, in worker index order.</param>
    public void Apply(IReadOnlyList<ShardGradients> inWorkerOrder)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var (name, slot) in _denseSlots)
        {
            Tensor? sum = null;
            foreach (var worker in inWorkerOrder)
                if (worker.Dense.TryGetValue(name, out var gradient))
                    sum = sum is null ? gradient.clone() : sum.add_(gradient);
            if (sum is not null) slot.Apply(sum);   // no gradient from any worker: left alone, as LazyAdam does
        }
        var touched = inWorkerOrder.Where(w => w.RowIds.shape[0] > 0).ToList();
        if (touched.Count > 0)
        {
            var (ids, gradients) = RowGradientSum.Merge(touched.Select(w => w.RowIds).ToList(), touched.Select(w => w.RowGradients).ToList());
            _rowSlot.Apply(ids - _rowStart, gradients);
        }
        Version++;
    }

    public void Dispose()
    {
        foreach (var slot in _denseSlots.Values) slot.Dispose();
        foreach (var tensor in _dense.Values) tensor.Dispose();
        _rowSlot.Dispose();
        _rows.Dispose();
    }
}
