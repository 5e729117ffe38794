using AdaFtr.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Optim;

/// <summary>
/// Adam over a whole <see cref="AdaFtrModel"/>: the embedding table row-wise and lazily
/// (<see cref="LazyRowAdamSlot"/>), every other parameter densely as one flat group
/// (<see cref="DenseAdamGroup"/>).
/// </summary>
public sealed class LazyAdam : IDisposable
{
    private readonly LazyRowAdamSlot embedding;
    private readonly DenseAdamGroup dense;

    public LazyAdam(AdaFtrModel model, AdamSettings settings)
    {
        embedding = new LazyRowAdamSlot(model.Features.Weight, settings with { WeightDecay = 0 });   // embedding L2 is the objective's λ·reg
        dense = new DenseAdamGroup(model.named_parameters()
            .Where(p => p.name != AdaFtrModel.EmbeddingName)
            .Select(p => (Tensor)p.parameter)
            .ToList(), settings);
    }

    /// <summary>Applies one step: rows from <paramref name="rowIds"/>/<paramref name="rowGradients"/>, dense parameters from their <c>.grad</c>.</summary>
    public void Step(Tensor rowIds, Tensor rowGradients)
    {
        embedding.Apply(rowIds, rowGradients);
        dense.Apply();
    }

    public void Dispose()
    {
        embedding.Dispose();
        dense.Dispose();
    }
}
