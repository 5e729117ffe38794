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
        var expertOut = torch.stack(experts.Select(e => e.call(x)).ToArray(), 1);   // [B, X, H]
        return gates.Select(gate =>
        {
            var weights = functional.softmax(gate.call(x), 1).unsqueeze(-1);         // [B, X, 1]
            return (expertOut * weights).sum(1);                                     // [B, H]
        }).ToArray();
    }
}
