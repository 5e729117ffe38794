using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks.Backbones;

/// <summary>
/// Multi-gate Mixture-of-Experts (Ma et al., KDD'18), eq. 3 of AdaFTR: shared experts g_i and a
/// softmax gate per task on the input, <c>v_t = Σ_i w_t(x)_i · g_i(x)</c>.
/// </summary>
public sealed class MmoeBackbone : Backbone
{
    private readonly ModuleList<Mlp> experts;
    private readonly ModuleList<Linear> gates;

    public MmoeBackbone(int input, IReadOnlyList<int> sizes, int experts, int tasks) : base(nameof(MmoeBackbone))
    {
        this.experts = new ModuleList<Mlp>(Enumerable.Range(0, experts).Select(_ => new Mlp(input, sizes)).ToArray());
        gates = new ModuleList<Linear>(Enumerable.Range(0, tasks).Select(_ => Linear(input, experts)).ToArray());
        OutputSize = sizes[^1];
        RegisterComponents();
    }

    public override int OutputSize { get; }

    public override Tensor[] forward(Tensor x)
    {
        // Every expert's first layer and every gate read the same x: one matmul instead of X + T
        // (the parameters stay separate, with their PyTorch names; cat's backward splits the gradient).
        var firsts = experts.Select(e => e.Linear(0)).Concat(gates).ToList();
        var weight = torch.cat(firsts.Select(l => (Tensor)l.weight!).ToList(), 0);                  // [X·H1 + T·X, In]
        var bias = torch.cat(firsts.Select(l => (Tensor)l.bias!).ToList(), 0);                      // [X·H1 + T·X]
        var fused = functional.linear(x, weight, bias);                                              // [B, X·H1 + T·X]
        var parts = fused.split(firsts.Select(l => l.weight!.shape[0]).ToArray(), 1);
        var expertOut = torch.stack(experts.Select((e, i) =>
        {
            var h = functional.relu(parts[i]);                                                       // [B, H1]
            for (int l = 1; l < e.Depth; l++) h = e.Layer(l, h);                                     // [B, H_l]
            return h;
        }).ToArray(), 1);                                                                            // [B, X, H]
        return Enumerable.Range(0, gates.Count).Select(t =>
        {
            var weights = functional.softmax(parts[experts.Count + t], 1).unsqueeze(-1);             // [B, X, 1]
            return (expertOut * weights).sum(1);                                                     // [B, H]
        }).ToArray();
    }
}
