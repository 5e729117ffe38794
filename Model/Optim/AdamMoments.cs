using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Optim;

/// <summary>
/// Adam's first and second moments and step count for one flat vector; turns a gradient into the
/// update to add, with torch.optim.Adam's arithmetic. The dense slots and groups are built on it.
/// </summary>
public sealed class AdamMoments(long size, ScalarType dtype, AdamSettings settings) : IDisposable
{
    private readonly Tensor m = torch.zeros(size, dtype: dtype);
    private readonly Tensor v = torch.zeros(size, dtype: dtype);
    private readonly AdamScalars scalars = new(settings);

    public long Step { get; private set; }

    /// <summary>First and second moments, for checkpoints.</summary>
    public (Tensor M, Tensor V) Moments => (m, v);

    /// <summary>Puts back the moments and step count a checkpoint saved, so the next update is the one an uninterrupted run makes.</summary>
    public void Restore(Tensor savedM, Tensor savedV, long step)
    {
        if (savedM.numel() != m.numel() || savedV.numel() != v.numel() || step < 0)
            throw new ArgumentException($"Adam state of {savedM.numel()}/{savedV.numel()} values at step {step} does not fit {m.numel()} parameters");
        using var _ = torch.no_grad();
        m.copy_(savedM.reshape(m.shape));
        v.copy_(savedV.reshape(v.shape));
        Step = step;
    }

    /// <param name="gradient">[size], weight decay already added.</param>
    /// <returns>[size] the step to add to the parameters; in the caller's dispose scope.</returns>
    public Tensor Update(Tensor gradient)
    {
        using var _ = torch.no_grad();
        long step = Step + 1;
        m.mul_(scalars.Beta1).add_(gradient, alpha: scalars.OneMinusBeta1);
        v.mul_(scalars.Beta2).addcmul_(gradient, gradient, value: scalars.OneMinusBeta2);
        using var rootCorrection2 = Math.Sqrt(1 - Math.Pow(settings.Beta2, step)).ToScalar();
        using var stepSize = (-settings.LearningRate / (1 - Math.Pow(settings.Beta1, step))).ToScalar();
        var denominator = v.sqrt().div_(rootCorrection2).add_(scalars.Epsilon);
        var update = (m / denominator).mul_(stepSize);
        Step = step;
        return update;
    }

    public void Dispose()
    {
        m.Dispose();
        v.Dispose();
        scalars.Dispose();
    }
}
