using AdaFtr.Model.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Checkpoints;

/// <summary>
/// A host-memory copy of a parameter shard's state at a step boundary: taken once while training waits,
/// so that the file can be written, hashed and uploaded in the background while the live tensors move on.
/// </summary>
public sealed class ShardSnapshot : IDisposable
{
    private ShardSnapshot(IReadOnlyList<(string Name, Tensor Tensor)> tensors) => Tensors = tensors;

    /// <summary>The copied state tensors, on the CPU, under <see cref="ParameterShard.StateTensors"/>' names.</summary>
    public IReadOnlyList<(string Name, Tensor Tensor)> Tensors { get; }

    /// <summary>
    /// Copies the shard's state; run it where the shard's maths runs, between steps. Into <paramref name="reuse"/>'s
    /// buffers when they fit (a double buffer: memory already mapped, so the copy is all a checkpoint costs the step;
    /// fresh host memory is faulted in and zeroed page by page, which cost more than the copy itself), else into new ones, disposing
    /// <paramref name="reuse"/>.
    /// </summary>
    public static ShardSnapshot Of(ParameterShard shard, ShardSnapshot? reuse = null)
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
        // One copy each, straight from the live tensor (on any device) into host memory.
        for (int i = 0; i < live.Count; i++) copies[i].Tensor.copy_(live[i].Tensor);
        if (reuse is not null) return reuse;
        scope.Detach(copies.Select(c => (IDisposable)c.Tensor));   // they outlive the scope: the snapshot disposes them
        return new ShardSnapshot(copies);
    }

    private bool Fits(IReadOnlyList<(string Name, Tensor Tensor)> live) =>
        live.Count == Tensors.Count
        && live.Zip(Tensors).All(p => p.First.Name == p.Second.Name && p.First.Tensor.dtype == p.Second.Tensor.dtype && p.First.Tensor.shape.SequenceEqual(p.Second.Tensor.shape));

    public void Dispose()
    {
        foreach (var (_, tensor) in Tensors) tensor.Dispose();
    }
}
