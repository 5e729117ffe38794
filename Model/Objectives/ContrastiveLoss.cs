using AdaFtr.Model.Configuration;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Objectives;

/// <summary>The alignment terms between the click task's <c>h</c> and another task's <c>h</c> (§2.2–2.3).</summary>
public static class ContrastiveLoss
{
    /// <summary>
    /// eq. 13: mean over anchors r of <c>logsumexp_r'(s(r, r')/τ_r) − s(r, r)/τ_r</c>, with
    /// s(r, r') = h_ctr[r]·h_other[r'] (negatives from the other task's side). Log-sum-exp keeps
    /// τ = 0.05 from overflowing.
    /// </summary>
    /// <param name="anchor">[B, H] h of the click task.</param>
    /// <param name="other">[B, H] h of the other task.</param>
    /// <param name="tau">[B] the temperature of each anchor.</param>
    public static Tensor InfoNce(Tensor anchor, Tensor other, Tensor tau, Similarity similarity)
    {
        var (a, b) = Prepare(anchor, other, similarity);
        // Scaling the anchors, not the [B, B] scores, and taking the positives from [B, H] rows,
        // not the diagonal, keeps B² work to the one matmul and the log-sum-exp.
        var scaled = a / tau.to_type(a.dtype).unsqueeze(1);              // [B, H] row r: h_ctr[r]/τ_r
        var scores = scaled.matmul(b.t());                                // [B, B] row r: s(r, ·)/τ_r
        var positives = (scaled * b).sum(1);                              // [B]    s(r, r)/τ_r
        return (torch.logsumexp(scores, 1) - positives).mean();           // []
    }

    /// <summary>
    /// eq. 7 with one in-batch negative (the next sample, cyclically), in BPR's form
    /// <c>−log σ((s(r, r) − s(r, r'))/τ_r)</c>: eq. 7 as printed takes the log of a difference that can be negative.
    /// </summary>
    public static Tensor Scl(Tensor anchor, Tensor other, Tensor tau, Similarity similarity)
    {
        var (a, b) = Prepare(anchor, other, similarity);
        var positive = (a * b).sum(1);                                    // [B]
        var negative = (a * b.roll(1, 0)).sum(1);                         // [B]
        return -functional.logsigmoid((positive - negative) / tau).mean();
    }

    /// <summary>eq. 5 with ℓ = MSE: mean over samples and dimensions of (h_ctr − h_other)².</summary>
    public static Tensor Mse(Tensor anchor, Tensor other) => (anchor - other).square().mean();

    private static (Tensor A, Tensor B) Prepare(Tensor anchor, Tensor other, Similarity similarity) =>
        similarity == Similarity.Cosine
            ? (functional.normalize(anchor, p: 2, dim: 1, eps: 1e-12), functional.normalize(other, p: 2, dim: 1, eps: 1e-12))
            : (anchor, other);
}
