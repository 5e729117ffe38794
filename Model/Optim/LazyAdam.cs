using AdaFtr.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Optim;

/// <summary>
/// Adam over a whole <see cref="AdaFtrModel"/>: the embedding table row-wise and lazily
/// (<see cref="LazyRowAdamSlot"/>), every other parameter densely (<see cref="DenseAdamSlot"/>).
/// Dense parameters whose gradient is absent this step are left alone, as torch.optim.Adam does.
/// </summary>
public sealed class LazyAdam : IDisposable
{
    private readonly LazyRowAdamSlot embedding;
    private readonly List<(string Name, Tensor Parameter, DenseAdamSlot Slot)> dense;

    public LazyAdam(AdaFtrModel model, AdamSettings settings)
    {
        embedding = new LazyRowAdamSlot(model.Features.Weight, settings with { WeightDecay = 0 });   // embedding L2 is the objective's λ·reg
        dense = model.named_parameters()
            .Where(p => p.name != AdaFtrModel.EmbeddingName)
            .Select(p => (p.name, (Tensor)p.parameter, new DenseAdamSlot(p.parameter, settings)))
            .ToList();
    }

    /// <summary>Applies one step: rows from <paramref name="rowIds"/>/<paramref name="rowGradients"/>, dense parameters from their <c>.grad</c>.</summary>
    public void Step(Tensor rowIds, Tensor rowGradients)
    {
        embedding.Apply(rowIds, rowGradients);
        foreach (var (_, parameter, slot) in dense)
            if (parameter.grad is { } gradient) slot.Apply(gradient);
    }

    public void Dispose()
    {
        embedding.Dispose();
        foreach (var (_, _, slot) in dense) slot.Dispose();
    }
}
