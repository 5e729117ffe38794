using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Optim;

/// <summary>
/// Adam state of one dense parameter, updated in place from a plain gradient tensor; the same
/// arithmetic as torch.optim.Adam (weight decay as L2 added to the gradient). A parameter-server
/// shard holding a flat dense vector uses it as is.
/// </summary>
public sealed class DenseAdamSlot(Tensor parameter, AdamSettings settings) : IDisposable
{
    private readonly AdamMoments moments = new(parameter.numel(), parameter.dtype, settings);

    public long Step => moments.Step;

    public (Tensor M, Tensor V) Moments => moments.Moments;

    public void Apply(Tensor gradient)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var g = settings.WeightDecay > 0 ? gradient + parameter * settings.WeightDecay : gradient;
        parameter.add_(moments.Update(g.flatten()).view_as(parameter));
    }

    public void Dispose() => moments.Dispose();
}
