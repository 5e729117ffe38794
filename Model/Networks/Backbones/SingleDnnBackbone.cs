using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaFtr.Model.Networks.Backbones;

/// <summary>Single-DNN (Covington et al., RecSys'16 as the paper's baseline): an independent bottom MLP per task, nothing shared but the embedding table.</summary>
public sealed class SingleDnnBackbone : Backbone
{
    private readonly ModuleList<Mlp> bottoms;

    public SingleDnnBackbone(int input, IReadOnlyList<int> sizes, int tasks) : base(nameof(SingleDnnBackbone))
    {
        bottoms = new ModuleList<Mlp>(Enumerable.Range(0, tasks).Select(_ => new Mlp(input, sizes)).ToArray());
        OutputSize = sizes[^1];
        RegisterComponents();
    }

    public override int OutputSize { get; }

    public override Tensor[] forward(Tensor x) => bottoms.Select(b => b.call(x)).ToArray();   // T × [B, H]
}
