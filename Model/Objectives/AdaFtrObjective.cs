using AdaFtr.Model.Configuration;
using AdaFtr.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Objectives;

/// <summary>
/// <c>L = Σ_t L_t + α·L_rel + β·L_cl + λ·reg + γ·L_pair</c> (eq. 14; every term a mean over the batch).
/// Gradient routing of Algorithm 1 comes from two detaches (the first one dropped with
/// <c>relatedness_trains_backbone</c>): the relatedness net's input (in
/// <see cref="RelatednessNet"/>) and ŷ_rel where it feeds τ (in <see cref="Temperature"/>), so one
/// backward of L gives Ω the gradient of L_rel only and Θ that of the other terms only.
/// </summary>
public sealed class AdaFtrObjective(ObjectiveConfig config)
{
    public ObjectiveConfig Config { get; } = config;

    /// <param name="outputs">the model's forward pass.</param>
    /// <param name="labels">float [B, T], columns in task order (ctr, cvr[, view]).</param>
    /// <param name="taskParameters">the model's <see cref="AdaFtrModel.TaskParameters"/>, needed only when <c>objective.l2_scope</c> is all.</param>
    public ObjectiveTerms Compute(ModelOutputs outputs, Tensor labels, IReadOnlyList<Tensor>? taskParameters = null)
    {
        var y = labels.to_type(outputs.Logits[0].dtype).unbind(1);                         // T × [B]
        var task = outputs.Logits.Select((logit, t) => TaskLoss(t, logit, outputs.Logits[0], y)).ToArray();

        var relatedness = new List<Tensor>();
        var alignment = new List<Tensor>();
        var taus = new List<Tensor>();
        var probabilities = new List<Tensor>();
        for (int p = 0; p < outputs.RelatednessLogits.Length; p++)
        {
            var relLogit = outputs.RelatednessLogits[p];                                     // [B]
            var yRel = y[0].eq(y[p + 1]).to_type(relLogit.dtype);                            // [B] eq. 10
            relatedness.Add(functional.binary_cross_entropy_with_logits(relLogit, yRel));    // eq. 11
            var tau = Temperature.Of(Config, relLogit, outputs.LogTau);                      // [B] eq. 12
            taus.Add(tau);
            probabilities.Add(torch.sigmoid(relLogit));
            alignment.Add(Alignment(outputs.H[0], outputs.H[p + 1], tau));
        }

        var embedded = outputs.Lookup.Embedded;                                               // [B, F, E]
        var regularization = L2Regularization.Of(Config.L2Scope, embedded, taskParameters ?? []); // []
        var pairwise = Config.PairwiseWeight > 0 ? PairwiseLoss(outputs.Logits[0], y) : Zero(embedded);
        var relTotal = Sum(relatedness, embedded);
        var alignTotal = Sum(alignment, embedded);
        var total = Sum(task.ToList(), embedded) + Config.Alpha * relTotal + Config.Beta * alignTotal
                    + Config.Lambda * regularization + Config.PairwiseWeight * pairwise;
        return new ObjectiveTerms(total, task, relTotal, alignTotal, regularization, pairwise, taus.ToArray(), probabilities.ToArray());
    }

    private Tensor TaskLoss(int t, Tensor logit, Tensor ctrLogit, Tensor[] y)
    {
        bool isCvr = t == 1;
        if (!isCvr || Config.CvrSpace == CvrSpace.All)
            return functional.binary_cross_entropy_with_logits(logit, y[t]);                 // eq. 4 (with the log(1 − ŷ) the paper misprints)
        if (Config.CvrSpace == CvrSpace.Clicked)
        {
            var perSample = functional.binary_cross_entropy_with_logits(logit, y[t], reduction: Reduction.None); // [B]
            return (perSample * y[0]).sum() / y[0].sum().clamp_min(1);                        // mean over the clicks
        }
        var ctcvr = torch.sigmoid(ctrLogit) * torch.sigmoid(logit);                          // [B] ESMM: pCTCVR = pCTR·pCVR
        return functional.binary_cross_entropy(ctcvr, y[0] * y[t]);
    }

    private Tensor Alignment(Tensor anchor, Tensor other, Tensor tau) => Config.Alignment switch
    {
        AlignmentLoss.InfoNce => ContrastiveLoss.InfoNce(anchor, other, tau, Config.Similarity),
        AlignmentLoss.Scl => ContrastiveLoss.Scl(anchor, other, tau, Config.Similarity),
        AlignmentLoss.Mse => ContrastiveLoss.Mse(anchor, other),
        AlignmentLoss.None => Zero(anchor),
        _ => throw new ModelConfigException($"objective.alignment: '{Config.Alignment}' is not info_nce, scl, mse or none"),
    };

    /// <summary>
    /// PWiseR-style: converted impressions (y_cvr = 1) are the definitive positives; each must
    /// out-rank every unclicked impression of the batch on the CTR logit,
    /// mean over such pairs of <c>softplus(−(z_i − z_j))</c>.
    /// </summary>
    private static Tensor PairwiseLoss(Tensor ctrLogit, Tensor[] y)
    {
        var pairs = y[1].unsqueeze(1) * (1 - y[0]).unsqueeze(0);                             // [B, B] i converted, j not clicked
        var margins = ctrLogit.unsqueeze(1) - ctrLogit.unsqueeze(0);                          // [B, B] z_i − z_j
        return (functional.softplus(-margins) * pairs).sum() / pairs.sum().clamp_min(1);
    }

    private static Tensor Sum(List<Tensor> terms, Tensor like) => terms.Count == 0 ? Zero(like) : terms.Aggregate((a, b) => a + b);

    private static Tensor Zero(Tensor like) => torch.zeros([], dtype: like.dtype);
}
