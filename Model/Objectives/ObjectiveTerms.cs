using static TorchSharp.torch;

namespace AdaFtr.Model.Objectives;

/// <summary>
/// The loss terms of one batch (each a scalar tensor, a mean over the batch) and the per-sample
/// quantities behind them. Relatedness, temperature and the alignment term are summed over the
/// contrasted pairs (ctr, cvr)[, (ctr, view)]; <see cref="Tau"/> and <see cref="RelatednessProbability"/> are per pair.
/// </summary>
public sealed record ObjectiveTerms(
    Tensor Total,
    Tensor[] Task,
    Tensor Relatedness,
    Tensor Alignment,
    Tensor Regularization,
    Tensor Pairwise,
    Tensor[] Tau,
    Tensor[] RelatednessProbability);
