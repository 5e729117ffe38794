using AdaFtr.Model.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Distributed;

/// <summary>
/// The state one parameter-server shard owns: its dense parameters and embedding rows, with
/// their Adam state, at a version (the number of steps applied). <see cref="Apply"/> sums the K
/// workers' gradients in worker order and runs the same Adam code as <see cref="LazyAdam"/> (one
/// flat dense vector, an absent gradient counting as zero; lazy rows), so K workers reproduce the
/// local trainer with K micro-batches.
/// </summary>
public sealed class ParameterShard : IDisposable
{
    private readonly ParameterLayout _layout;
    private readonly long _rowStart;
    private readonly Dictionary<string, Tensor> _dense;
    private readonly AdamSettings _settings;
    private readonly AdamMoments? _denseMoments;
    private readonly Tensor _rows;
    private readonly LazyRowAdamSlot _rowSlot;
    private readonly List<RowStateCopy> _rowCopies = [];

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
        _dense = layout.DenseOf(shard).ToDictionary(d => d.Name, d => dense[d.Name].detach().clone());   // layout order: the flat vector's order
        _settings = settings;
        if (_dense.Count > 0) _denseMoments = new AdamMoments(_dense.Values.Sum(t => t.numel()), _dense.Values.First().dtype, settings);
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

    /// <summary>
    /// Everything needed to continue exactly where this shard stands: its parameters by name, its
    /// rows (<see cref="ShardStateNames.Rows"/>), both Adam states and the version. The state
    /// tensors are the live ones, not copies (a checkpoint copies them once, straight to host
    /// memory): read them before the next <see cref="Apply"/>. The two scalars are new, in the caller's dispose scope.
    /// </summary>
    public IReadOnlyList<(string Name, Tensor Tensor)> StateTensors()
    {
        var state = _dense.Select(kv => (kv.Key, kv.Value)).ToList();
        state.Add((ShardStateNames.Rows, _rows));
        state.Add((ShardStateNames.RowMoments, _rowSlot.MomentTable));
        state.Add((ShardStateNames.RowSteps, _rowSlot.Steps));
        state.Add((ShardStateNames.Version, torch.tensor(new[] { Version })));
        if (_denseMoments is not null)
        {
            state.Add((ShardStateNames.DenseMoment1, _denseMoments.Moments.M));
            state.Add((ShardStateNames.DenseMoment2, _denseMoments.Moments.V));
            state.Add((ShardStateNames.DenseStep, torch.tensor(new[] { _denseMoments.Step })));
        }
        return state;
    }

    /// <summary>The names in <see cref="StateTensors"/> of the tensors indexed by row, which <see cref="CopyRowsAsTheyStand"/> copies.</summary>
    public static readonly IReadOnlyList<string> RowStateNames = [ShardStateNames.Rows, ShardStateNames.RowMoments, ShardStateNames.RowSteps];

    /// <summary>
    /// Starts a copy of the row state as it stands now into <paramref name="copies"/> (host tensors shaped as the
    /// <see cref="RowStateNames"/> tensors, in that order), finished by sweeping it (<see cref="RowStateCopy.CopyNext"/>)
    /// between steps; until then every <see cref="Apply"/> first copies the rows it is about to change.
    /// </summary>
    public RowStateCopy CopyRowsAsTheyStand(IReadOnlyList<Tensor> copies)
    {
        _rowCopies.RemoveAll(c => c.Done);
        var copy = new RowStateCopy([_rows, _rowSlot.MomentTable, _rowSlot.Steps], copies);
        _rowCopies.Add(copy);
        return copy;
    }

    /// <summary>Replaces this shard's parameters, Adam state and version with saved <see cref="StateTensors"/>.</summary>
    /// <exception cref="ArgumentException">naming the missing or misshapen tensor.</exception>
    public void RestoreState(IReadOnlyDictionary<string, Tensor> state)
    {
        Tensor Get(string name) => Saved(state, name);
        RestoreParameters(state);
        _rowSlot.Restore(Get(ShardStateNames.RowMoments), Get(ShardStateNames.RowSteps));
        _denseMoments?.Restore(Get(ShardStateNames.DenseMoment1), Get(ShardStateNames.DenseMoment2), Get(ShardStateNames.DenseStep).item<long>());
        Version = Get(ShardStateNames.Version).item<long>();
    }

    /// <summary>
    /// A warm start: takes the parameters and rows of saved <see cref="StateTensors"/> and keeps this shard's own (fresh)
    /// Adam state and version, so training continues from those values as if they were the initialisation.
    /// </summary>
    /// <exception cref="ArgumentException">naming the missing or misshapen tensor.</exception>
    public void RestoreParameters(IReadOnlyDictionary<string, Tensor> state)
    {
        using var _ = torch.no_grad();
        foreach (var copy in _rowCopies) copy.Abandon();
        _rowCopies.Clear();
        foreach (var (name, parameter) in _dense)
        {
            var saved = Saved(state, name);
            if (!saved.shape.SequenceEqual(parameter.shape))
                throw new ArgumentException($"shard {Shard} state: '{name}' is [{string.Join(", ", saved.shape)}], the model's is [{string.Join(", ", parameter.shape)}]", nameof(state));
            parameter.copy_(saved);
        }
        var rows = Saved(state, ShardStateNames.Rows);
        if (!rows.shape.SequenceEqual(_rows.shape))
            throw new ArgumentException($"shard {Shard} state: '{ShardStateNames.Rows}' is [{string.Join(", ", rows.shape)}], this shard owns [{string.Join(", ", _rows.shape)}]", nameof(state));
        _rows.copy_(rows);
    }

    private Tensor Saved(IReadOnlyDictionary<string, Tensor> state, string name) => state.TryGetValue(name, out var t) ? t
        : throw new ArgumentException($"shard {Shard} state lacks tensor '{name}'", nameof(state));

    /// <param name="inWorkerOrder">Exactly one entry per worker, in worker index order.</param>
    public void Apply(IReadOnlyList<ShardGradients> inWorkerOrder)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        if (_denseMoments is not null)
        {
            var gradient = torch.cat(_dense.Select(kv => SumInOrder(inWorkerOrder, kv.Key, kv.Value).flatten()).ToList());   // [N]
            if (_settings.WeightDecay > 0)
                gradient = gradient + torch.cat(_dense.Values.Select(p => p.flatten()).ToList()) * _settings.WeightDecay;
            var update = _denseMoments.Update(gradient);                                                                          // [N]
            long offset = 0;
            foreach (var parameter in _dense.Values)
            {
                long n = parameter.numel();
                parameter.add_(update.narrow(0, offset, n).view_as(parameter));
                offset += n;
            }
        }
        var touched = inWorkerOrder.Where(w => w.RowIds.shape[0] > 0).ToList();
        if (touched.Count > 0)
        {
            var (ids, gradients) = RowGradientSum.Merge(touched.Select(w => w.RowIds).ToList(), touched.Select(w => w.RowGradients).ToList());
            var local = ids - _rowStart;
            foreach (var copy in _rowCopies) copy.Preserve(local);
            _rowCopies.RemoveAll(c => c.Done || c.Abandoned);
            _rowSlot.Apply(local, gradients);
        }
        Version++;
    }

    /// <summary>The workers' gradients of one parameter added in worker order, as autograd accumulates micro-batches; zero when none has one.</summary>
    private static Tensor SumInOrder(IReadOnlyList<ShardGradients> inWorkerOrder, string name, Tensor parameter)
    {
        Tensor? sum = null;
        foreach (var worker in inWorkerOrder)
            if (worker.Dense.TryGetValue(name, out var gradient))
                sum = sum is null ? gradient.clone() : sum.add_(gradient);
        return sum ?? torch.zeros_like(parameter);
    }

    public void Dispose()
    {
        _denseMoments?.Dispose();
        foreach (var tensor in _dense.Values) tensor.Dispose();
        _rowSlot.Dispose();
        _rows.Dispose();
    }
}
