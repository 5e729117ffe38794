using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Coordinator.Commands;

/// <summary>Row indices for each step: a seeded permutation per epoch, cut into batches (the last one of an epoch may be short).</summary>
public sealed class BatchOrder(int rows, int batchSize, long seed)
{
    private readonly Generator _generator = new Generator((ulong)seed);
    private Tensor? _permutation;
    private int _position;

    /// <summary>int64 [≤ batchSize]; the caller disposes it.</summary>
    public Tensor Next()
    {
        if (_permutation is null || _position >= rows)
        {
            _permutation?.Dispose();
            _permutation = torch.randperm(rows, generator: _generator);
            _position = 0;
        }
        int count = Math.Min(Math.Min(batchSize, rows), rows - _position);
        var slice = _permutation.narrow(0, _position, count).clone();
        _position += count;
        return slice;
    }
}
