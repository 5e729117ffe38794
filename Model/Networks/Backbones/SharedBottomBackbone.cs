using static TorchSharp.torch;

namespace AdaFtr.Model.Networks.Backbones;

/// <summary>Shared-Bottom (Caruana, 1997): one bottom MLP whose output every task tower reads.</summary>
public sealed class SharedBottomBackbone : Backbone
{
    private readonly Mlp bottom;
    private readonly int tasks;

    public SharedBottomBackbone(int input, IReadOnlyList<int> sizes, int tasks) : base(nameof(SharedBottomBackbone))
    {
        bottom = new Mlp(input, sizes);
        this.tasks = tasks;
        OutputSize = sizes[^1];
        RegisterComponents();
    }

    public override int OutputSize { get; }

    public override Tensor[] forward(Tensor x)
    {
        var v = bottom.call(x);                                          // [B, H]
        return Enumerable.Range(0, tasks).Select(_ => v.alias()).ToArray();   // T × [B, H], the same values
    }
}
