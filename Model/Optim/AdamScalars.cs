using TorchSharp;

namespace AdaFtr.Model.Optim;

/// <summary>
/// Adam's constants as TorchSharp scalars made once and held for the optimizer's life. A scalar made implicitly from a
/// double at a call is left to the finalizer, which may free it while libtorch still reads it (seen as a shard's
/// update failing in <c>addcmul_</c> with "Expected false to be true" from <c>Scalar::toFloat</c>, after which a retried
/// step was counted twice).
/// </summary>
public sealed class AdamScalars(AdamSettings settings) : IDisposable
{
    public Scalar One { get; } = 1.ToScalar();
    public Scalar Beta1 { get; } = settings.Beta1.ToScalar();
    public Scalar Beta2 { get; } = settings.Beta2.ToScalar();
    public Scalar OneMinusBeta1 { get; } = (1 - settings.Beta1).ToScalar();
    public Scalar OneMinusBeta2 { get; } = (1 - settings.Beta2).ToScalar();
    /// <summary>log β1, null when β1 = 0 (then β1^t is 0).</summary>
    public Scalar? LogBeta1 { get; } = settings.Beta1 == 0 ? null : Math.Log(settings.Beta1).ToScalar();
    public Scalar? LogBeta2 { get; } = settings.Beta2 == 0 ? null : Math.Log(settings.Beta2).ToScalar();
    public Scalar Epsilon { get; } = settings.Epsilon.ToScalar();
    public Scalar MinusLearningRate { get; } = (-settings.LearningRate).ToScalar();
    public Scalar WeightDecay { get; } = settings.WeightDecay.ToScalar();

    public void Dispose()
    {
        foreach (var scalar in new[] { One, Beta1, Beta2, OneMinusBeta1, OneMinusBeta2, LogBeta1, LogBeta2, Epsilon, MinusLearningRate, WeightDecay })
            scalar?.Dispose();
    }
}
