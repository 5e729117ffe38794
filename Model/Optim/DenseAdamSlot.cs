using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Optim;

/// <summary>
/// Adam state of one dense parameter, updated in place from a plain gradient tensor; the same
/// arithmetic as torch.optim.Adam (weight decay as L2 added to the gradient). Used by the local
/// trainer and, later, by a parameter-server shard holding plain tensors.
/// </summary>
public sealed class DenseAdamSlot(Tensor parameter, AdamSettings settings) : IDisposable
{
    private readonly Tensor m = torch.zeros_like(parameter);
    private readonly Tensor v = torch.zeros_like(parameter);

    public long Step { get; private set; }

    /// <summary>First and second moments, for checkpoints.</summary>
    public (Tensor M, Tensor V) Moments => (m, v);

    public void Apply(Tensor gradient)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        Step++;
        var g = settings.WeightDecay > 0 ? gradient + parameter * settings.WeightDecay : gradient;
        m.mul_(settings.Beta1).add_(g, alpha: 1 - settings.Beta1);
        v.mul_(settings.Beta2).addcmul_(g, g, value: 1 - settings.Beta2);
        double correction1 = 1 - Math.Pow(settings.Beta1, Step);
        double correction2 = 1 - Math.Pow(settings.Beta2, Step);
        var denominator = (v.sqrt() / Math.Sqrt(correction2)).add_(settings.Epsilon);
        parameter.addcdiv_(m, denominator, value: -settings.LearningRate / correction1);
    }

    public void Dispose()
    {
        m.Dispose();
        v.Dispose();
    }
}
