using AdaFtr.Model.Features;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks;

/// <summary>Sizes of an MMoE: experts over the concatenated embeddings + dense inputs, a softmax gate per task, an MLP tower per task.</summary>
public sealed record MmoeConfig(int EmbeddingDim = 8, int Experts = 3, int[]? ExpertLayers = null, int[]? TowerLayers = null)
{
    public int[] ExpertSizes => ExpertLayers ?? [256, 128];
    public int[] TowerSizes => TowerLayers ?? [64, 32, 16];
}

/// <summary>
/// Multi-gate Mixture-of-Experts (Ma et al., KDD'18): one embedding table for all sparse fields,
/// shared experts, one gate and one tower per task. <c>forward</c> returns logits [B, T].
/// </summary>
public sealed class MmoeNetwork : Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly ModuleList<Sequential> experts;
    private readonly ModuleList<Linear> gates;
    private readonly ModuleList<Sequential> towers;
    private readonly Tensor fieldOffsets;

    public MmoeNetwork(FeatureSchema schema, MmoeConfig config) : base(nameof(MmoeNetwork))
    {
        int input = schema.SparseFields.Count * config.EmbeddingDim + schema.DenseFields.Count;
        embedding = Embedding(schema.EmbeddingRows, config.EmbeddingDim);
        experts = new ModuleList<Sequential>(Enumerable.Range(0, config.Experts).Select(_ => Mlp(input, config.ExpertSizes)).ToArray());
        gates = new ModuleList<Linear>(schema.Tasks.Select(_ => Linear(input, config.Experts)).ToArray());
        int expertOut = config.ExpertSizes[^1];
        towers = new ModuleList<Sequential>(schema.Tasks.Select(_ => Tower(expertOut, config.TowerSizes)).ToArray());
        fieldOffsets = torch.tensor(schema.FieldRowOffsets(), dtype: ScalarType.Int64);
        register_buffer("field_offsets", fieldOffsets, persistent: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor sparse, Tensor dense)
    {
        using var scope = NewDisposeScope();
        var rows = sparse + fieldOffsets;                                   // [B, F] rows of the shared table
        var embedded = embedding.call(rows).flatten(1);                    // [B, F*E]
        var x = torch.cat([embedded, dense], 1);                           // [B, F*E + D]
        var expertOut = torch.stack(experts.Select(e => e.call(x)).ToArray(), 1); // [B, X, H]
        var logits = new List<Tensor>();
        for (int t = 0; t < gates.Count; t++)
        {
            var weights = functional.softmax(gates[t].call(x), 1).unsqueeze(-1);  // [B, X, 1]
            var mixed = (expertOut * weights).sum(1);                              // [B, H]
            logits.Add(towers[t].call(mixed).squeeze(-1));                         // [B]
        }
        return torch.stack(logits, 1).MoveToOuterDisposeScope();           // [B, T]
    }

    private static Sequential Mlp(int input, int[] sizes)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        int width = input;
        for (int i = 0; i < sizes.Length; i++)
        {
            layers.Add(($"linear{i}", Linear(width, sizes[i])));
            layers.Add(($"relu{i}", ReLU()));
            width = sizes[i];
        }
        return Sequential(layers);
    }

    private static Sequential Tower(int input, int[] sizes)
    {
        var mlp = Mlp(input, sizes);
        mlp.append("out", Linear(sizes[^1], 1));
        return mlp;
    }
}
