namespace AdaFtr.Model.Networks;

using static TorchSharp.torch;

/// <summary>
/// Everything one forward pass produces, per task in schema order (ctr, cvr[, view]).
/// <see cref="RelatednessLogits"/>[p] belongs to the pair (ctr, task p + 1).
/// </summary>
public sealed record ModelOutputs(
    EmbeddingLookup Lookup,
    Tensor[] V,
    Tensor[] H,
    Tensor[] Logits,
    Tensor[] RelatednessLogits,
    Tensor? LogTau);
