using AdaFtr.Model.Configuration;
using AdaFtr.Model.Networks.Backbones;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks;

/// <summary>
/// AdaFTR (Zhang et al., KDD'23, "Adaptive Fine-grained Task Relatedness"): embedding → backbone
/// (v per task) → towers (h, logit per task) and, per contrasted pair (ctr, other task), a
/// relatedness net on <c>v_ctr ⊙ v_other</c>; with <c>tower_transfer = aitm</c> (the AITM baseline) the
/// click tower's top layer also feeds each other tower through an <see cref="InformationTransfer"/>.
/// The losses live in <see cref="Objectives.AdaFtrObjective"/>.
/// Parameter names are PyTorch-style and listed in docs/tensor-names.md.
/// </summary>
public sealed class AdaFtrModel : Module<Tensor, Tensor, ModelOutputs>
{
    /// <summary>Names of the relatedness parameters Ω of Algorithm 1 start with this.</summary>
    public const string RelatednessPrefix = "relatedness.";
    /// <summary>Name of the shared embedding table.</summary>
    public const string EmbeddingName = "features.weight";
    /// <summary>Name of the learnable log-temperature (present only with objective.temperature = learnable).</summary>
    public const string LogTauName = "log_tau";

    private readonly FeatureEmbedding features;
    private readonly Backbone backbone;
    private readonly ModuleList<Tower> towers;
    private readonly ModuleList<RelatednessNet> relatedness;
    private readonly ModuleList<InformationTransfer>? transfer;
    private readonly bool learnableTau;

    /// <param name="embeddingTable">false for a worker replica: no table sized by the vocabulary, only the rows each step pulls (<see cref="Forward"/>).</param>
    public AdaFtrModel(ModelConfig config, bool embeddingTable = true) : base(nameof(AdaFtrModel))
    {
        var schema = config.Schema;
        int tasks = schema.Tasks.Count;
        int input = schema.SparseFields.Count * config.EmbeddingDim + schema.DenseFields.Count;
        features = new FeatureEmbedding(schema, config.EmbeddingDim, embeddingTable);
        backbone = BackboneFactory.Create(config.Backbone, input, tasks);
        towers = new ModuleList<Tower>(Enumerable.Range(0, tasks).Select(_ => new Tower(backbone.OutputSize, config.TowerLayers)).ToArray());
        relatedness = new ModuleList<RelatednessNet>(Enumerable.Range(1, tasks - 1)
            .Select(_ => new RelatednessNet(backbone.OutputSize, config.RelatednessLayers, config.Objective.RelatednessTrainsBackbone)).ToArray());
        // AITM: one transfer from the click tower into each other tower (the contrasted pairs' shape).
        if (config.TowerTransfer == TowerTransfer.Aitm)
            transfer = new ModuleList<InformationTransfer>(Enumerable.Range(1, tasks - 1).Select(_ => new InformationTransfer(towers[0].TopSize)).ToArray());
        Config = config;
        RegisterComponents();
        // Registered by name, not held in a field: module.to(dtype) swaps parameter tensors, and a field would keep the old one.
        learnableTau = config.Objective.Temperature == TemperatureMode.Learnable;
        if (learnableTau) register_parameter(LogTauName, new Parameter(torch.tensor(Math.Log(config.Objective.FixedTau), dtype: ScalarType.Float32)));
    }

    public ModelConfig Config { get; }

    public FeatureEmbedding Features => features;

    /// <summary>Θ of Algorithm 1 without the embedding table: every parameter but the table and the relatedness nets' Ω (what <see cref="Configuration.L2Scope.All"/> adds to the L2 term).</summary>
    public IReadOnlyList<Tensor> TaskParameters() =>
        named_parameters().Where(p => p.name != EmbeddingName && !p.name.StartsWith(RelatednessPrefix)).Select(p => (Tensor)p.parameter).ToList();

    public override ModelOutputs forward(Tensor sparse, Tensor dense) => Forward(features.call(sparse), dense);

    /// <summary>The forward pass from a batch already looked up (a worker's pulled rows, <see cref="FeatureEmbedding.Lookup"/>).</summary>
    public ModelOutputs Forward(EmbeddingLookup lookup, Tensor dense)
    {
        var x = torch.cat([lookup.Embedded.flatten(1), dense.to_type(lookup.Embedded.dtype)], 1); // [B, F*E + D]
        var v = backbone.call(x);                                               // T × [B, H]
        var towerOut = towers.Select((tower, t) => tower.Hidden(v[t])).ToArray();
        var h = towerOut.Select(o => o.H).ToArray();                            // T × [B, tower[0]]
        var logits = towerOut.Select((o, t) => towers[t].Output(t == 0 || transfer is null
            ? o.Top : transfer[t - 1].call(towerOut[0].Top, o.Top))).ToArray(); // T × [B]
        var rel = relatedness.Select((net, p) => net.call(v[0], v[p + 1])).ToArray(); // (T-1) × [B]
        var logTau = learnableTau ? get_parameter(LogTauName) : null;           // [] learnable log τ
        return new ModelOutputs(lookup, v, h, logits, rel, logTau);
    }
}
