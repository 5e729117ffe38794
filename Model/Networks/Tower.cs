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

    /// <summary>Width of the top hidden layer (what <see cref="Output"/> reads).</summary>
    public int TopSize => hidden.OutputSize;

    public override (Tensor H, Tensor Logit) forward(Tensor v)
    {
        var (h, top) = Hidden(v);
        return (h, Output(top));
    }

    /// <summary><c>h</c> [B, sizes[0]] and the top hidden layer [B, sizes[^1]], for models that change the top before the output (AITM).</summary>
    public (Tensor H, Tensor Top) Hidden(Tensor v)
    {
        var h = hidden.Layer(0, v);                                  // [B, sizes[0]]
        var x = h;
        for (int i = 1; i < hidden.Depth; i++) x = hidden.Layer(i, x); // [B, sizes[i]]
        return (h, x);
    }

    /// <summary>The logit [B] of a top hidden layer [B, sizes[^1]].</summary>
    public Tensor Output(Tensor top) => output.call(top).squeeze(-1);
}
