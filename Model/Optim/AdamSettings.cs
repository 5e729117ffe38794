using AdaFtr.Model.Configuration;

namespace AdaFtr.Model.Optim;

/// <summary>Adam hyper-parameters shared by dense and row-wise slots.</summary>
public sealed record AdamSettings(double LearningRate, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0)
{
    public static AdamSettings From(OptimizerConfig config) =>
        new(config.LearningRate, config.Beta1, config.Beta2, config.Epsilon, config.WeightDecay);
}
