using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Networks;

/// <summary>
/// Which table rows a batch reads, where each sample's fields find them, and how the per-sample
/// gradients add up into one gradient per row: computed once per batch (a worker does it on the CPU
/// when it reads the batch ahead) and moved to the device with the batch.
/// <para>
/// The sum is a pairwise tree over each row's occurrences in a fixed order (sorted by row, stable):
/// every round adds position r + s into r for the r that are multiples of 2s, with at most one
/// addition per target, so no device ever adds into a row concurrently and a retried step repeats
/// the same additions bit for bit (what <c>index_select</c>'s backward, float atomics on CUDA, does not).
/// </para>
/// </summary>
public sealed class LookupIndex : IDisposable
{
    private readonly Tensor _order;
    private readonly Tensor _heads;
    private readonly IReadOnlyList<(Tensor Target, Tensor Source)> _rounds;

    private LookupIndex(Tensor rowIds, Tensor inverse, Tensor order, Tensor heads, IReadOnlyList<(Tensor, Tensor)> rounds)
    {
        RowIds = rowIds;
        Inverse = inverse;
        _order = order;
        _heads = heads;
        _rounds = rounds;
    }

    /// <summary>int64 [U] sorted unique table rows.</summary>
    public Tensor RowIds { get; }

    /// <summary>int64 [N] for each of the batch's N = B·F lookups, its row's position in <see cref="RowIds"/>.</summary>
    public Tensor Inverse { get; }

    /// <param name="tableRows">int64 [B, F] table rows of each sample's fields.</param>
    public static LookupIndex Of(Tensor tableRows)
    {
        using var scope = torch.NewDisposeScope();
        var (unique, inverse, counts) = torch.unique(tableRows.flatten(), sorted: true, return_inverse: true, return_counts: true); // [U], [N], [U]
        var (sortedRows, order) = inverse!.sort(stable: true);                                  // [N] row positions in order, [N] lookups
        var heads = counts!.cumsum(0) - counts;                                                 // [U] where each row's run starts
        var rank = torch.arange(order.shape[0], dtype: ScalarType.Int64, device: order.device) - heads.index_select(0, sortedRows); // [N] place within its run
        var run = counts.index_select(0, sortedRows);                                           // [N] its run's length
        long longest = counts.shape[0] == 0 ? 0 : counts.max().item<long>();
        var rounds = new List<(Tensor, Tensor)>();
        for (long stride = 1; stride < longest; stride *= 2)
        {
            var target = rank.remainder(2 * stride).eq(0).logical_and(rank + stride < run).nonzero().squeeze(1); // [M]
            rounds.Add((target.MoveToOuterDisposeScope(), (target + stride).MoveToOuterDisposeScope()));
        }
        return new LookupIndex(unique.MoveToOuterDisposeScope(), inverse.MoveToOuterDisposeScope(), order.MoveToOuterDisposeScope(),
            heads.MoveToOuterDisposeScope(), rounds);
    }

    /// <summary>Every tensor it holds, in a fixed order: what moves to a device with the batch.</summary>
    public IReadOnlyList<Tensor> Parts => [RowIds, Inverse, _order, _heads, .. _rounds.SelectMany(r => new[] { r.Target, r.Source })];

    /// <summary>The index whose <see cref="Parts"/> (moved elsewhere, in the same order) are <paramref name="parts"/>; it owns them.</summary>
    public static LookupIndex FromParts(IReadOnlyList<Tensor> parts)
    {
        if (parts.Count < 4 || parts.Count % 2 != 0) throw new ArgumentException($"a lookup index has 4 tensors and 2 per round, not {parts.Count}", nameof(parts));
        return new(parts[0], parts[1], parts[2], parts[3], Enumerable.Range(0, (parts.Count - 4) / 2).Select(r => (parts[4 + 2 * r], parts[5 + 2 * r])).ToList());
    }

    /// <summary>[U, E] the sum of <paramref name="perLookup"/> ([N, E], in lookup order) per row, in the fixed order above.</summary>
    public Tensor SumPerRow(Tensor perLookup)
    {
        using var scope = torch.NewDisposeScope();
        var sums = perLookup.index_select(0, _order);                                          // [N, E] grouped by row
        foreach (var (target, source) in _rounds) sums.index_add_(0, target, sums.index_select(0, source), 1);
        return sums.index_select(0, _heads).MoveToOuterDisposeScope();                          // [U, E]
    }

    public void Dispose()
    {
        RowIds.Dispose(); Inverse.Dispose(); _order.Dispose(); _heads.Dispose();
        foreach (var (target, source) in _rounds) { target.Dispose(); source.Dispose(); }
    }
}
