using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Distributed;

/// <summary>
/// A copy of a shard's row state (its rows, their Adam moments and step counts: tensors of [R, …]) as it stood at one
/// version, taken without stopping training: the rows are swept into the copy in chunks between steps
/// (<see cref="CopyNext"/>), and the rows an update is about to change are copied first (<see cref="Preserve"/>,
/// called by <see cref="ParameterShard.Apply"/>). Each row is copied once, with the value it had at that version, so
/// the finished copy equals a copy of the whole state taken at that version, bit for bit. Not thread-safe: run every
/// call where the shard's maths runs.
/// </summary>
public sealed class RowStateCopy
{
    private readonly IReadOnlyList<Tensor> _live;
    private readonly IReadOnlyList<Tensor> _copies;
    private readonly Tensor _preserved;   // bool [R]: rows copied ahead of the sweep
    private readonly long _rows;
    private long _swept;                  // rows below it are in the copy

    /// <param name="live">The shard's live row tensors, [R, …] each.</param>
    /// <param name="copies">Host tensors of the same shapes and dtypes to copy into; they belong to the caller.</param>
    internal RowStateCopy(IReadOnlyList<Tensor> live, IReadOnlyList<Tensor> copies)
    {
        _rows = live[0].shape[0];
        if (live.Count != copies.Count || live.Zip(copies).Any(p => !p.First.shape.SequenceEqual(p.Second.shape) || p.First.dtype != p.Second.dtype || p.First.shape[0] != _rows))
            throw new ArgumentException("the copies must match the live row tensors one for one, in shape and dtype, with the same row count", nameof(copies));
        _live = live;
        _copies = copies;
        _preserved = torch.zeros(_rows, ScalarType.Bool).DetachFromDisposeScope();   // lives until the copy is done, past the caller's scope
    }

    /// <summary>Every row is in the copy.</summary>
    public bool Done => _swept >= _rows;

    /// <summary>The shard's state was replaced (a restore) before the copy was done: what it holds is no version's.</summary>
    public bool Abandoned { get; private set; }

    /// <summary>Sweeps up to <paramref name="rows"/> more rows into the copy, skipping those preserved ahead of it.</summary>
    public void CopyNext(long rows)
    {
        if (Abandoned) throw new InvalidOperationException("the shard's state was restored while its rows were being copied; this copy is no version's");
        long n = Math.Min(rows, _rows - _swept);
        if (n <= 0) return;
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var waiting = _preserved.narrow(0, _swept, n).logical_not();                                   // [n]
        if (waiting.all().item<bool>())
        {
            for (int i = 0; i < _live.Count; i++) _copies[i].narrow(0, _swept, n).copy_(_live[i].narrow(0, _swept, n));
        }
        else
        {
            CopyRows(waiting.nonzero().squeeze(1).add_(_swept));                                         // [m] rows of the chunk not yet copied
        }
        _swept += n;
        if (Done) _preserved.Dispose();
    }

    /// <summary>Copies those of <paramref name="localRows"/> (int64 [U], unique, in 0..R) that the sweep has not reached, before an update changes them.</summary>
    internal void Preserve(Tensor localRows)
    {
        if (Done || Abandoned) return;
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var ahead = localRows.ge(_swept).logical_and_(_preserved.index_select(0, localRows).logical_not_());
        var ids = localRows.masked_select(ahead);                                                         // [m]
        if (ids.shape[0] == 0) return;
        CopyRows(ids);
        _preserved.index_fill_(0, ids, true);
    }

    /// <summary>Copies rows <paramref name="ids"/> (int64 [m]) of every live tensor into its copy.</summary>
    private void CopyRows(Tensor ids)
    {
        for (int i = 0; i < _live.Count; i++) _copies[i].index_copy_(0, ids, _live[i].index_select(0, ids));
    }

    /// <summary>Gives the copy up: the shard stops copying rows into it (a restore, or a copy that failed).</summary>
    public void Abandon()
    {
        if (Abandoned) return;
        Abandoned = true;
        if (!Done) _preserved.Dispose();
    }
}
