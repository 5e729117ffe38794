using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks;

/// <summary>
/// AITM's adaptive information transfer (Xi et al., KDD'21, §3.2): the previous task's tower output
/// q_prev is mapped to p = ReLU(W_p q_prev + b_p) (what it passes on), then p and this task's q
/// are mixed by self-attention over the two of them:
/// <c>w_u = softmax_u(⟨h2(u), h3(u)⟩ / √d)</c>, <c>z = Σ_u w_u · h1(u)</c>, u ∈ {p, q}, with
/// h1, h2, h3 linear maps of width d. Parameters: <c>info</c>, <c>h1</c>, <c>h2</c>, <c>h3</c> (each weight [d, d], bias [d]).
/// </summary>
public sealed class InformationTransfer : Module<Tensor, Tensor, Tensor>
{
    private readonly Linear info;
    private readonly Linear h1;
    private readonly Linear h2;
    private readonly Linear h3;
    private readonly double scale;

    public InformationTransfer(int width) : base(nameof(InformationTransfer))
    {
        info = Linear(width, width);
        h1 = Linear(width, width);
        h2 = Linear(width, width);
        h3 = Linear(width, width);
        scale = 1.0 / Math.Sqrt(width);
        RegisterComponents();
    }

    /// <param name="previous">[B, d] the click tower's top hidden layer.</param>
    /// <param name="current">[B, d] this tower's top hidden layer.</param>
    /// <returns>[B, d] z, what this tower's output layer reads.</returns>
    public override Tensor forward(Tensor previous, Tensor current)
    {
        var passed = functional.relu(info.call(previous));                   // [B, d] p
        var u = torch.stack([passed, current], 1);                           // [B, 2, d]
        var weights = functional.softmax((h2.call(u) * h3.call(u)).sum(-1) * scale, 1); // [B, 2]
        return (weights.unsqueeze(-1) * h1.call(u)).sum(1);                  // [B, d]
    }
}
