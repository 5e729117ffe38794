namespace AdaFtr.Coordinator.Experiments;

/// <summary>How every arm of a suite is trained; validated by the command, whose flags name each value.</summary>
/// <param name="Seeds">Runs per arm, with model seeds 42, 43, …; the data stay the same. At least 1.</param>
/// <param name="MaxEpochs">Epochs at most; early stopping usually ends a run sooner. At least 1.</param>
/// <param name="Patience">Epochs without a new best validation figure before a run stops. At least 1.</param>
/// <param name="Metric">The validation figure early stopping watches.</param>
/// <param name="StepsPerEpoch">Steps per epoch; null for one pass over the training rows.</param>
/// <param name="BatchSize">Rows per step, capped at the training rows. The paper's 1024 by default. At least 2 (in-batch negatives).</param>
/// <param name="ExpertLayers">Expert / bottom hidden sizes (see <c>BackboneConfig.ExpertLayers</c>).</param>
/// <param name="TowerLayers">Tower hidden sizes: the paper's [64, 32, 16] for Ali-CCP.</param>
/// <param name="LearningRate">Adam's step size.</param>
public sealed record SuiteSettings(int Seeds, int MaxEpochs, int Patience, ValidationMetric Metric, int? StepsPerEpoch, int BatchSize,
    int[] ExpertLayers, int[] TowerLayers, double LearningRate)
{
    /// <summary>The model seed of run <paramref name="index"/>.</summary>
    public static long SeedOf(int index) => 42 + index;

    /// <summary>Steps in one epoch over <paramref name="trainRows"/> rows.</summary>
    public int EpochSteps(int trainRows) => StepsPerEpoch ?? (trainRows + BatchSize - 1) / BatchSize;

    /// <summary>The early-stopping rule as a reader sees it, e.g. "early stopping on validation cvr AUC, patience 2, at most 8 epochs".</summary>
    public string StoppingRule => $"early stopping on validation {(Metric == ValidationMetric.CvrAuc ? "CVR AUC" : "mean of CTR and CVR AUC")}, patience {Patience}, at most {MaxEpochs} epochs";
}
