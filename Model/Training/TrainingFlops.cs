using AdaFtr.Model.Configuration;
using AdaFtr.Model.Networks;

namespace AdaFtr.Model.Training;

/// <summary>
/// Matmul FLOPs of one training step per sample, the numerator of the roofline fraction: every
/// linear layer costs 2·in·out forward and twice that backward (input and weight gradients), and
/// the in-batch InfoNCE score matrix 2·B·H per sample and contrasted pair, likewise ×3.
/// Element-wise work (activations, softmax gates, embedding gathers, Adam) is not counted, so
/// the fraction is a lower bound on the share of the machine the step uses.
/// </summary>
public static class TrainingFlops
{
    public static double PerSample(AdaFtrModel model, ModelConfig config)
    {
        double forward = model.named_parameters()
            .Where(p => p.name != AdaFtrModel.EmbeddingName && p.name.EndsWith(".weight") && p.parameter.dim() == 2)
            .Sum(p => 2.0 * p.parameter.shape[0] * p.parameter.shape[1]);
        int pairs = config.Schema.Tasks.Count - 1;
        int micro = Math.Max(1, config.Training.BatchSize / config.Training.MicroBatches);
        if (config.Objective.Alignment == AlignmentLoss.InfoNce)
            forward += pairs * 2.0 * micro * config.TowerLayers[0];
        return 3 * forward;
    }
}
