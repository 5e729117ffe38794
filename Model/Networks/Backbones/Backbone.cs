using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks.Backbones;

/// <summary>
/// Task-shared layers g(·) of eq. 2: [B, input] → one representation <c>v_t</c> [B, <see cref="OutputSize"/>] per task.
/// </summary>
public abstract class Backbone(string name) : Module<Tensor, Tensor[]>(name)
{
    public abstract int OutputSize { get; }
}
