using AdaFtr.Model.Distributed;
using AdaFtr.Model.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Checkpoints;

/// <summary>
/// A host-memory copy of a parameter shard's state at a step boundary, so that the file can be written, hashed and
/// uploaded in the background while the live tensors move on. Training waits only for the small part (the dense
/// parameters, their Adam state, the counters: <see cref="Begin"/>); the rows and their Adam state, almost all of it,
/// are copied afterwards in chunks between steps, copy-on-write (<see cref="RowStateCopy"/>), so the copy still holds
/// every row as it was at that boundary.
/// </summary>
public sealed class ShardSnapshot : IDisposable
{
    private RowStateCopy? _rows;

    private ShardSnapshot(IReadOnlyList<(string Name, Tensor Tensor)> tensors) => Tensors = tensors;

    /// <summary>The copied state tensors, on the CPU, under <see cref="ParameterShard.StateTensors"/>' names; whole once <see cref="CompleteAsync"/> is done.</summary>
    public IReadOnlyList<(string Name, Tensor Tensor)> Tensors { get; }

    /// <summary>The whole copy at once (at job start, to reserve the buffers).</summary>
    public static ShardSnapshot Of(ParameterShard shard, ShardSnapshot? reuse = null)
    {
        var snapshot = Begin(shard, reuse);
        snapshot.CopyRows(long.MaxValue);
        return snapshot;
    }

    /// <summary>
    /// Copies all but the row state now and starts the rows' copy; run it where the shard's maths runs, between steps.
    /// Into <paramref name="reuse"/>'s buffers when they fit (a double buffer: memory already mapped; fresh host memory
    /// is faulted in and zeroed page by page, which cost more than the copy itself), else into new ones, disposing
    /// <paramref name="reuse"/>.
    /// </summary>
    public static ShardSnapshot Begin(ParameterShard shard, ShardSnapshot? reuse = null)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var live = shard.StateTensors();
        if (reuse is not null && !reuse.Fits(live))
        {
            reuse.Dispose();
            reuse = null;
        }
        var copies = reuse?.Tensors ?? live.Select(l => (l.Name, torch.empty(l.Tensor.shape, dtype: l.Tensor.dtype, device: CPU))).ToList();
        // One copy each, straight from the live tensor (on any device) into host memory; the rows follow between steps.
        for (int i = 0; i < live.Count; i++)
            if (!ParameterShard.RowStateNames.Contains(live[i].Name)) copies[i].Tensor.copy_(live[i].Tensor);
        var snapshot = reuse ?? new ShardSnapshot(copies);
        if (reuse is null) scope.Detach(copies.Select(c => (IDisposable)c.Tensor));   // they outlive the scope: the snapshot disposes them
        snapshot._rows = shard.CopyRowsAsTheyStand(ParameterShard.RowStateNames.Select(name => copies.Single(c => c.Name == name).Tensor).ToList());
        return snapshot;
    }

    /// <summary>Copies up to <paramref name="rows"/> more rows; true once every row is in. Run it where the shard's maths runs.</summary>
    public bool CopyRows(long rows)
    {
        if (_rows is null) return true;
        _rows.CopyNext(rows);
        if (!_rows.Done) return false;
        _rows = null;
        return true;
    }

    /// <summary>Copies the remaining rows on <paramref name="compute"/>, <paramref name="chunkRows"/> at a time, so steps run between the chunks.</summary>
    /// <exception cref="InvalidOperationException">the shard's state was restored before the copy was done.</exception>
    public async Task CompleteAsync(ComputeThread compute, long chunkRows)
    {
        try
        {
            while (!await compute.RunAsync(() => CopyRows(chunkRows))) { }
        }
        catch when (_rows is { } rows)
        {
            // The shard must stop copying rows into these buffers before they are reused for another checkpoint.
            await compute.RunAsync(rows.Abandon);
            throw;
        }
    }

    private bool Fits(IReadOnlyList<(string Name, Tensor Tensor)> live) =>
        live.Count == Tensors.Count
        && live.Zip(Tensors).All(p => p.First.Name == p.Second.Name && p.First.Tensor.dtype == p.Second.Tensor.dtype && p.First.Tensor.shape.SequenceEqual(p.Second.Tensor.shape));

    public void Dispose()
    {
        foreach (var (_, tensor) in Tensors) tensor.Dispose();
    }
}
