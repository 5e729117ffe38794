using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks;

/// <summary>
/// AdaFTR's relatedness prediction network (eq. 8–9): MLP over <c>v_ctr ⊙ v_other</c> → the
/// logit of ŷ_rel. Per Algorithm 1 its input is detached, so only L_rel trains it and L_rel
/// trains nothing else; with <c>objective.relatedness_trains_backbone</c> (eq. 14 as one joint
/// loss) the input stays attached and L_rel trains the shared layers too.
/// </summary>
public sealed class RelatednessNet : Module<Tensor, Tensor, Tensor>
{
    private readonly Mlp mlp;
    private readonly Linear output;
    private readonly bool trainsBackbone;

    public RelatednessNet(int input, IReadOnlyList<int> sizes, bool trainsBackbone = false) : base(nameof(RelatednessNet))
    {
        mlp = new Mlp(input, sizes);
        output = Linear(mlp.OutputSize, 1);
        this.trainsBackbone = trainsBackbone;
        RegisterComponents();
    }

    public override Tensor forward(Tensor vCtr, Tensor vOther)
    {
        var product = vCtr * vOther;                               // [B, V]  eq. 8
        var relatedness = trainsBackbone ? product : product.detach(); // [B, V] cut from the backbone unless eq. 14 is read jointly
        return output.call(mlp.call(relatedness)).squeeze(-1);     // [B]     logit of ŷ_rel, eq. 9
    }
}
