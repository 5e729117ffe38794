using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks;

/// <summary>
/// AdaFTR's relatedness prediction network (eq. 8–9): MLP over <c>v_ctr ⊙ v_other</c> → the
/// logit of ŷ_rel. Per Algorithm 1 its input is detached, so only L_rel trains it and L_rel
/// trains nothing else.
/// </summary>
public sealed class RelatednessNet : Module<Tensor, Tensor, Tensor>
{
    private readonly Mlp mlp;
    private readonly Linear output;

    public RelatednessNet(int input, IReadOnlyList<int> sizes) : base(nameof(RelatednessNet))
    {
        mlp = new Mlp(input, sizes);
        output = Linear(mlp.OutputSize, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor vCtr, Tensor vOther)
    {
        var relatedness = (vCtr * vOther).detach();                // [B, V]  eq. 8, cut from the backbone (Algorithm 1)
        return output.call(mlp.call(relatedness)).squeeze(-1);     // [B]     logit of ŷ_rel, eq. 9
    }
}
