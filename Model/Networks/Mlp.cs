using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks;

/// <summary>
/// Linear layers each followed by ReLU: [B, in] → [B, sizes[^1]]. Parameters are
/// <c>layers.{i}.weight</c> [out, in] and <c>layers.{i}.bias</c> [out], as a PyTorch
/// <c>nn.ModuleList</c> of <c>nn.Linear</c> would name them.
/// </summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;

    public Mlp(int input, IReadOnlyList<int> sizes) : base(nameof(Mlp))
    {
        var list = new List<Linear>();
        int width = input;
        foreach (var size in sizes) { list.Add(nn.Linear(width, size)); width = size; }
        layers = new ModuleList<Linear>(list.ToArray());
        OutputSize = width;
        RegisterComponents();
    }

    public int OutputSize { get; }

    public int Depth => layers.Count;

    /// <summary>The linear part of layer <paramref name="index"/>, for backbones that fuse first layers into one matmul (MMoE).</summary>
    public Linear Linear(int index) => layers[index];

    /// <summary>Layer <paramref name="index"/> alone, with its ReLU: for backbones that interleave work between layers (Cross-Stitch).</summary>
    public Tensor Layer(int index, Tensor input) => functional.relu(layers[index].call(input));

    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (int i = 0; i < layers.Count; i++) x = functional.relu(layers[i].call(x));   // [B, sizes[i]]
        return ReferenceEquals(x, input) ? input.alias() : x;
    }
}
