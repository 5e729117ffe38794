using AdaFtr.Model.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Objectives;

/// <summary>The per-anchor temperature τ of the contrastive loss.</summary>
public static class Temperature
{
    /// <summary>
    /// eq. 12 for <see cref="TemperatureMode.Adaptive"/>: <c>τ = (τU − τL)(1 − ŷ_rel) + τL</c> with
    /// ŷ_rel detached (Algorithm 1: the contrastive loss never trains the relatedness net).
    /// </summary>
    /// <param name="relatednessLogit">[B] logit of ŷ_rel.</param>
    /// <param name="logTau">the learnable log τ, for <see cref="TemperatureMode.Learnable"/>.</param>
    /// <returns>[B]</returns>
    public static Tensor Of(ObjectiveConfig config, Tensor relatednessLogit, Tensor? logTau) => config.Temperature switch
    {
        TemperatureMode.Adaptive =>
            (1 - torch.sigmoid(relatednessLogit.detach())) * (config.TauUpper - config.TauLower) + config.TauLower,
        TemperatureMode.Fixed => torch.full_like(relatednessLogit, config.FixedTau).detach(),
        TemperatureMode.Learnable => (logTau ?? throw new InvalidOperationException("temperature = learnable but the model has no log_tau"))
            .exp().expand(relatednessLogit.shape[0]),
        _ => throw new ModelConfigException($"objective.temperature: '{config.Temperature}' is not adaptive, fixed or learnable"),
    };
}
