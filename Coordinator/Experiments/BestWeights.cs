using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>An in-memory copy of a module's parameters (the best epoch's, for early stopping) that can be written back into it.</summary>
public sealed class BestWeights(nn.Module module) : IDisposable
{
    private readonly Dictionary<string, Tensor> _saved = new();

    public bool Holds => _saved.Count > 0;

    /// <summary>Replaces the copy with the module's current parameters.</summary>
    public void Keep()
    {
        Clear();
        using var _ = torch.no_grad();
        foreach (var (name, parameter) in module.named_parameters())
            _saved[name] = parameter.detach().clone().DetachFromDisposeScope();
    }

    /// <summary>Writes the copy back into the module's parameters, in place (the optimizer's references stay valid).</summary>
    public void Restore()
    {
        if (!Holds) throw new InvalidOperationException("no weights kept yet");
        using var _ = torch.no_grad();
        foreach (var (name, parameter) in module.named_parameters()) parameter.copy_(_saved[name]);
    }

    private void Clear()
    {
        foreach (var tensor in _saved.Values) tensor.Dispose();
        _saved.Clear();
    }

    public void Dispose() => Clear();
}
