using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks;

/// <summary>
/// A task tower f_t: hidden ReLU layers then a 1-unit output. Returns <c>h</c>, the output of the
/// first layer (what AdaFTR contrasts, §3.1.4), and the logit.
/// </summary>
public sealed class Tower : Module<Tensor, (Tensor H, Tensor Logit)>
{
    private readonly Mlp hidden;
    private readonly Linear output;

    public Tower(int input, IReadOnlyList<int> sizes) : base(nameof(Tower))
    {
        hidden = new Mlp(input, sizes);
        output = Linear(hidden.OutputSize, 1);
        HiddenSize = sizes[0];
        RegisterComponents();
    }

    /// <summary>Width of <c>h</c>.</summary>
    public int HiddenSize { get; }

    public override (Tensor H, Tensor Logit) forward(Tensor v)
    {
        var h = hidden.Layer(0, v);                                  // [B, sizes[0]]
        var x = h;
        for (int i = 1; i < hidden.Depth; i++) x = hidden.Layer(i, x); // [B, sizes[i]]
        var logit = output.call(x).squeeze(-1);                     // [B]
        return (h, logit);
    }
}
