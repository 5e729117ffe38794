using AdaFtr.Model.Configuration;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>The models each suite trains: the paper's Table 4 baselines, AdaFTR, its Table 5 ablations and its Table 6 backbones.</summary>
public static class ExperimentSuites
{
    /// <summary>
    /// A plain multi-task model: per-task BCE and the embedding L2 only. α = 0 keeps the
    /// relatedness net out of the loss and <see cref="AlignmentLoss.None"/> drops the contrastive
    /// term (see <c>AdaFtrObjective</c>), so the backbone is all that differs between baselines.
    /// </summary>
    public static readonly ObjectiveConfig Plain = new() { Alpha = 0, Beta = 0, Alignment = AlignmentLoss.None };

    /// <summary>The paper's AdaFTR objective: α = 1, β = 0.01, adaptive τ in [0.05, 1], InfoNCE with dot similarity (the <see cref="ObjectiveConfig"/> defaults).</summary>
    public static readonly ObjectiveConfig AdaFtr = new();

    /// <summary>ESMM (Ma et al., SIGIR'18): the CVR head trained through pCTR·pCVR against click ∧ conversion on every impression, on the MMoE backbone so that only the CVR space differs.</summary>
    public static readonly ExperimentArm Esmm = new("ESMM (MMoE, cvr_space = ctcvr)", "baseline", BackboneKind.Mmoe, Plain with { CvrSpace = CvrSpace.Ctcvr });

    /// <summary>AITM (Xi et al., KDD'21): the click tower's top layer passed to the CVR tower through the attention-gated transfer, on the MMoE backbone.</summary>
    public static readonly ExperimentArm Aitm = new("AITM (MMoE)", "baseline", BackboneKind.Mmoe, Plain, TowerTransfer.Aitm);

    public static IReadOnlyList<ExperimentArm> Paper { get; } =
    [
        new("Single-DNN", "baseline", BackboneKind.SingleDnn, Plain),
        new("Shared-Bottom", "baseline", BackboneKind.SharedBottom, Plain),
        new("Cross-Stitch", "baseline", BackboneKind.CrossStitch, Plain),
        new("MMoE", "baseline", BackboneKind.Mmoe, Plain),
        new("PLE", "baseline", BackboneKind.Ple, Plain),
        Esmm,
        Aitm,
        new("AdaFTR (MMoE)", "adaftr", BackboneKind.Mmoe, AdaFtr),
        // Table 5's variants, as the paper defines them (section 3.3.1).
        new("w/o adaptive τ (one learnable τ)", "ablation", BackboneKind.Mmoe, AdaFtr with { Temperature = TemperatureMode.Learnable }),
        new("w/o learnable τ (τ = 0.05)", "ablation", BackboneKind.Mmoe, AdaFtr with { Temperature = TemperatureMode.Fixed, FixedTau = 0.05 }),
        new("w/o negatives (L_scl, one in-batch negative)", "ablation", BackboneKind.Mmoe, AdaFtr with { Alignment = AlignmentLoss.Scl }),
        new("w/o contrastive (L_reg)", "ablation", BackboneKind.Mmoe, AdaFtr with { Alignment = AlignmentLoss.Mse }),
        new("Shared-Bottom + AdaFTR", "backbone", BackboneKind.SharedBottom, AdaFtr),
        new("Cross-Stitch + AdaFTR", "backbone", BackboneKind.CrossStitch, AdaFtr),
        new("PLE + AdaFTR", "backbone", BackboneKind.Ple, AdaFtr),
    ];

    /// <summary>
    /// Where AdaFTR does not beat MMoE: the knobs the paper fixes, one at a time, on the MMoE
    /// backbone. β sets how hard the contrastive term pulls on h; τL bounds how sharp the softmax
    /// (and so how large its gradient, ∝ 1/τ) can get; cosine similarity bounds the logits of eq. 13,
    /// which with raw dot products grow with the norm of h.
    /// </summary>
    public static IReadOnlyList<ExperimentArm> Sensitivity { get; } =
    [
        new("MMoE", "baseline", BackboneKind.Mmoe, Plain),
        new("AdaFTR (MMoE)", "adaftr", BackboneKind.Mmoe, AdaFtr),
        new("AdaFTR β = 0.001", "sensitivity", BackboneKind.Mmoe, AdaFtr with { Beta = 0.001 }),
        new("AdaFTR β = 0.1", "sensitivity", BackboneKind.Mmoe, AdaFtr with { Beta = 0.1 }),
        new("AdaFTR τ in [0.5, 2]", "sensitivity", BackboneKind.Mmoe, AdaFtr with { TauLower = 0.5, TauUpper = 2 }),
        new("AdaFTR cosine", "sensitivity", BackboneKind.Mmoe, AdaFtr with { Similarity = Similarity.Cosine }),
        new("AdaFTR cosine, β = 0.1", "sensitivity", BackboneKind.Mmoe, AdaFtr with { Similarity = Similarity.Cosine, Beta = 0.1 }),
    ];

    /// <summary>
    /// The paper's claim against the strongest baselines, and the two readings of the paper the code
    /// can take: Algorithm 1 (L_rel trains only the relatedness net) against eq. 14 read as one joint
    /// loss (L_rel trains the shared layers too, so α matters), and λ's L2 on the embedding rows
    /// against all of Θ.
    /// </summary>
    public static IReadOnlyList<ExperimentArm> Readings { get; } =
    [
        new("MMoE", "baseline", BackboneKind.Mmoe, Plain),
        Esmm,
        Aitm,
        new("AdaFTR (MMoE)", "adaftr", BackboneKind.Mmoe, AdaFtr),
        new("AdaFTR, eq. 14 joint (L_rel trains backbone)", "reading", BackboneKind.Mmoe, AdaFtr with { RelatednessTrainsBackbone = true }),
        new("AdaFTR, L2 on all Θ", "reading", BackboneKind.Mmoe, AdaFtr with { L2Scope = L2Scope.All }),
    ];

    /// <summary>The CI smoke suite: the baseline AdaFTR is measured against, and AdaFTR.</summary>
    public static IReadOnlyList<ExperimentArm> Quick { get; } =
    [
        new("MMoE", "baseline", BackboneKind.Mmoe, Plain),
        new("AdaFTR (MMoE)", "adaftr", BackboneKind.Mmoe, AdaFtr),
    ];
}
