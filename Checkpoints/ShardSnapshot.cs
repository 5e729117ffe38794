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

    /// <summary>Copies the shard's state; run it where the shard's maths runs, between steps.</summary>
    public static ShardSnapshot Of(ParameterShard shard)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var copies = new List<(string, Tensor)>();
        foreach (var (name, live) in shard.StateTensors())
        {
            // One copy, straight from the live tensor (on any device) into new host memory.
            var copy = torch.empty(live.shape, dtype: live.dtype, device: CPU);
            copy.copy_(live);
            copies.Add((name, copy));
        }
        scope.Detach(copies.Select(c => (IDisposable)c.Item2));   // they outlive the scope: the snapshot disposes them
        return new ShardSnapshot(copies);
    }

    public void Dispose()
    {
        foreach (var (_, tensor) in Tensors) tensor.Dispose();
    }
}
