using AdaFtr.Model.Features;

namespace AdaFtr.Model.Configuration;

/// <summary>
/// The one typed spec of a model and its training: the JSON file that <c>adaftr train</c> and
/// <c>adaftr model step</c> take (snake_case keys; see <c>examples/adaftr-mmoe-aliccp.json</c>).
/// Load it with <see cref="ModelConfigJson"/>, which validates it once through <see cref="ModelConfigValidator"/>.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Inputs and tasks. Required.</summary>
    public required FeatureSchema Schema { get; init; }

    /// <summary>Width of every embedding row. Default 8 (the paper's E). At least 1.</summary>
    public int EmbeddingDim { get; init; } = 8;

    /// <summary>The task-shared layers. Default MMoE with 3 experts of [256, 128].</summary>
    public BackboneConfig Backbone { get; init; } = new();

    /// <summary>Hidden sizes of each task tower before its 1-unit output. Default [64, 32, 16] (Ali-CCP); [128, 64, 32] for Ecomm-Ads.</summary>
    public int[] TowerLayers { get; init; } = [64, 32, 16];

    /// <summary>
    /// How the click tower's knowledge reaches the other towers besides the shared backbone.
    /// Default <see cref="Configuration.TowerTransfer.None"/>; <see cref="Configuration.TowerTransfer.Aitm"/> is the AITM baseline.
    /// </summary>
    public TowerTransfer TowerTransfer { get; init; } = TowerTransfer.None;

    /// <summary>Hidden sizes of the relatedness MLP (eq. 9) before its 1-unit output. Default [64].</summary>
    public int[] RelatednessLayers { get; init; } = [64];

    /// <summary>Loss terms and their weights.</summary>
    public ObjectiveConfig Objective { get; init; } = new();

    /// <summary>Adam settings.</summary>
    public OptimizerConfig Optimizer { get; init; } = new();

    /// <summary>Batching and seeding.</summary>
    public TrainingConfig Training { get; init; } = new();
}

/// <summary>Which task-shared architecture produces <c>v</c> per task.</summary>
public enum BackboneKind { SingleDnn, SharedBottom, CrossStitch, Mmoe, Ple }

/// <summary>Sizes of the backbone.</summary>
public sealed record BackboneConfig
{
    /// <summary>Default <see cref="BackboneKind.Mmoe"/>.</summary>
    public BackboneKind Kind { get; init; } = BackboneKind.Mmoe;

    /// <summary>
    /// Hidden sizes of each expert (MMoE), of the per-task and shared bottoms (Single-DNN,
    /// Shared-Bottom, Cross-Stitch: one stitch unit after each layer), or one PLE extraction
    /// level per entry (PLE). Default [256, 128].
    /// </summary>
    public int[] ExpertLayers { get; init; } = [256, 128];

    /// <summary>Experts of an MMoE. Default 3 (the paper's setting). At least 1.</summary>
    public int Experts { get; init; } = 3;

    /// <summary>Shared experts per PLE level. Default 1. At least 1.</summary>
    public int SharedExperts { get; init; } = 1;

    /// <summary>Task-specific experts per task and PLE level. Default 1. At least 1.</summary>
    public int TaskExperts { get; init; } = 1;
}

/// <summary>Links between task towers.</summary>
public enum TowerTransfer
{
    /// <summary>Towers read only their own <c>v_t</c>.</summary>
    None,
    /// <summary>
    /// AITM (Xi et al., KDD'21): an adaptive information transfer module takes the click tower's
    /// top hidden layer, maps it (Linear + ReLU) and mixes it with the other tower's top hidden
    /// layer by a two-way self-attention before that tower's output layer.
    /// </summary>
    Aitm,
}

/// <summary>How the temperature of the contrastive loss is set.</summary>
public enum TemperatureMode
{
    /// <summary>eq. 12: τ = (τU − τL)(1 − ŷ_rel) + τL per sample.</summary>
    Adaptive,
    /// <summary>τ = <see cref="ObjectiveConfig.FixedTau"/> for every sample.</summary>
    Fixed,
    /// <summary>One learnable τ = exp(log_tau), initialised at <see cref="ObjectiveConfig.FixedTau"/>.</summary>
    Learnable,
}

/// <summary>How <c>h_ctr</c> and <c>h_other</c> are aligned.</summary>
public enum AlignmentLoss
{
    /// <summary>eq. 13: InfoNCE with in-batch negatives from the other task's side.</summary>
    InfoNce,
    /// <summary>eq. 7, in BPR's −log σ form (as printed it takes the log of a difference that can be negative): one in-batch negative.</summary>
    Scl,
    /// <summary>eq. 5 with MSE: <c>mean((h_ctr − h_other)²)</c>.</summary>
    Mse,
    /// <summary>No alignment term (the plain multi-task baseline).</summary>
    None,
}

/// <summary>Which impressions the CVR loss covers.</summary>
public enum CvrSpace
{
    /// <summary>BCE of the CVR logit against the conversion label on every impression (default).</summary>
    All,
    /// <summary>BCE on clicked impressions only (mean over the clicks of the batch).</summary>
    Clicked,
    /// <summary>ESMM: BCE of pCTR·pCVR against y_ctr·y_cvr on every impression.</summary>
    Ctcvr,
}

public enum Similarity { Dot, Cosine }

/// <summary>Which parameters λ's L2 term covers (eq. 14's <c>λ‖Θ‖</c>).</summary>
public enum L2Scope
{
    /// <summary>The embedding rows each sample looks up: <c>reg</c> = mean over samples of their rows' squared norm.</summary>
    Embeddings,
    /// <summary>
    /// Those rows plus the squared norm of every other parameter of Θ (all but the relatedness
    /// net's Ω, which Algorithm 1 trains by L_rel alone). Rows a batch does not touch are left
    /// out, as lazy Adam leaves them.
    /// </summary>
    All,
}

/// <summary>
/// <c>L = Lctr + Lcvr (+ Lview) + α·Lrel + β·Lcl + λ·reg + γ·Lpair</c>, every term a mean over the batch.
/// </summary>
public sealed record ObjectiveConfig
{
    /// <summary>α, weight of the relatedness BCE. Default 1. At least 0.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>β, weight of the alignment (contrastive) loss. Default 0.01. At least 0.</summary>
    public double Beta { get; init; } = 0.01;

    /// <summary>
    /// λ, weight of the L2 term <c>reg</c> over <see cref="L2Scope"/>. Default 1e-6. At least 0.
    /// </summary>
    public double Lambda { get; init; } = 1e-6;

    /// <summary>What <c>reg</c> covers. Default <see cref="Configuration.L2Scope.Embeddings"/> (the rows the batch touches).</summary>
    public L2Scope L2Scope { get; init; } = L2Scope.Embeddings;

    /// <summary>
    /// False (default, Algorithm 1): the relatedness net's input <c>v_ctr ⊙ v_other</c> is
    /// detached, so L_rel trains only Ω and α changes nothing else. True (eq. 14 read as one joint
    /// loss): L_rel's gradient also reaches the backbone and embeddings.
    /// </summary>
    public bool RelatednessTrainsBackbone { get; init; }

    /// <summary>γ, weight of the PWiseR-style pairwise ranking loss on CTR logits. Default 0 (off). At least 0.</summary>
    public double PairwiseWeight { get; init; }

    /// <summary>τU. Default 1. Must exceed <see cref="TauLower"/>.</summary>
    public double TauUpper { get; init; } = 1.0;

    /// <summary>τL. Default 0.05. Greater than 0.</summary>
    public double TauLower { get; init; } = 0.05;

    /// <summary>Default <see cref="TemperatureMode.Adaptive"/>.</summary>
    public TemperatureMode Temperature { get; init; } = TemperatureMode.Adaptive;

    /// <summary>τ for <see cref="TemperatureMode.Fixed"/>, start value for <see cref="TemperatureMode.Learnable"/>. Default 0.1. Greater than 0.</summary>
    public double FixedTau { get; init; } = 0.1;

    /// <summary>Default <see cref="AlignmentLoss.InfoNce"/>.</summary>
    public AlignmentLoss Alignment { get; init; } = AlignmentLoss.InfoNce;

    /// <summary>Default <see cref="Similarity.Dot"/> (eq. 13).</summary>
    public Similarity Similarity { get; init; } = Similarity.Dot;

    /// <summary>Default <see cref="CvrSpace.All"/>.</summary>
    public CvrSpace CvrSpace { get; init; } = CvrSpace.All;
}

/// <summary>Adam with lazy embedding rows (see <c>Optim.LazyAdam</c>).</summary>
public sealed record OptimizerConfig
{
    /// <summary>Default 5e-4 (the paper's γ). Greater than 0.</summary>
    public double LearningRate { get; init; } = 5e-4;
    /// <summary>Default 0.9. In [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Default 0.999. In [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Default 1e-8. Greater than 0.</summary>
    public double Epsilon { get; init; } = 1e-8;
    /// <summary>L2 weight decay added to the gradient of dense (non-embedding) parameters, as torch.optim.Adam's weight_decay. Default 0. At least 0.</summary>
    public double WeightDecay { get; init; }
}

/// <summary>Batching and seeding of the local trainer.</summary>
public sealed record TrainingConfig
{
    /// <summary>Rows per optimizer step. Default 1024. At least 1.</summary>
    public int BatchSize { get; init; } = 1024;
    /// <summary>
    /// K: the step's batch is cut into K micro-batches, each with its own in-batch contrastive
    /// loss, and their gradients averaged (the reference for K data-parallel workers). Default 1. At least 1, at most the batch size.
    /// </summary>
    public int MicroBatches { get; init; } = 1;
    /// <summary>Seed of initialisation and shuffling. Default 42.</summary>
    public long Seed { get; init; } = 42;
}
