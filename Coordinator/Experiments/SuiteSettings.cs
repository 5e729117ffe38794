namespace AdaFtr.Coordinator.Experiments;

/// <summary>How every arm of a suite is trained; validated by the command, whose flags name each value.</summary>
/// <param name="Seeds">Runs per arm, with model seeds 42, 43, …; the data stay the same. At least 1.</param>
/// <param name="Steps">Optimizer steps per run. At least 1.</param>
/// <param name="BatchSize">Rows per step, capped at the training rows. The paper's 1024 by default. At least 2 (in-batch negatives).</param>
/// <param name="ExpertLayers">Expert / bottom hidden sizes (see <c>BackboneConfig.ExpertLayers</c>).</param>
/// <param name="TowerLayers">Tower hidden sizes: the paper's [64, 32, 16] for Ali-CCP.</param>
/// <param name="LearningRate">Adam's step size: the paper's 5e-4 by default.</param>
public sealed record SuiteSettings(int Seeds, int Steps, int BatchSize, int[] ExpertLayers, int[] TowerLayers, double LearningRate)
{
    /// <summary>The model seed of run <paramref name="index"/>.</summary>
    public static long SeedOf(int index) => 42 + index;
}
