using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks.Backbones;

/// <summary>
/// Cross-Stitch networks (Misra et al., CVPR'16): one bottom MLP per task; after each layer a
/// learnable [T, T] unit <c>stitches.{l}</c> mixes the tasks' activations, <c>a'_t = Σ_s α[t, s] a_s</c>.
/// </summary>
public sealed class CrossStitchBackbone : Backbone
{
    private readonly ModuleList<Mlp> columns;
    private readonly ParameterList stitches;

    public CrossStitchBackbone(int input, IReadOnlyList<int> sizes, int tasks) : base(nameof(CrossStitchBackbone))
    {
        columns = new ModuleList<Mlp>(Enumerable.Range(0, tasks).Select(_ => new Mlp(input, sizes)).ToArray());
        // Start close to separate networks (the paper's recommended 0.9 / 0.1 split).
        double offDiagonal = tasks > 1 ? 0.1 / (tasks - 1) : 0.0;
        stitches = new ParameterList(sizes.Select(_ =>
            new Parameter(torch.full(tasks, tasks, offDiagonal) + torch.eye(tasks) * (0.9 - offDiagonal))).ToArray());
        OutputSize = sizes[^1];
        RegisterComponents();
    }

    public override int OutputSize { get; }

    public override Tensor[] forward(Tensor x)
    {
        var activations = columns.Select(_ => x).ToArray();
        for (int l = 0; l < stitches.Count; l++)
        {
            var layer = torch.stack(columns.Select((c, t) => c.Layer(l, activations[t])).ToArray(), 0); // [T, B, H_l]
            var mixed = torch.einsum("ts,sbh->tbh", stitches[l], layer);                                  // [T, B, H_l]
            activations = mixed.unbind(0);                                                                 // T × [B, H_l]
        }
        return activations;
    }
}
