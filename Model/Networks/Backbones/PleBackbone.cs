using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaFtr.Model.Networks.Backbones;

/// <summary>
/// Progressive Layered Extraction (Tang et al., RecSys'20): a stack of <see cref="CgcLevel"/>s,
/// one per entry of the layer sizes; the tasks read the last level's task outputs.
/// </summary>
public sealed class PleBackbone : Backbone
{
    private readonly ModuleList<CgcLevel> levels;
    private readonly int tasks;

    public PleBackbone(int input, IReadOnlyList<int> sizes, int sharedExperts, int taskExperts, int tasks) : base(nameof(PleBackbone))
    {
        var list = new List<CgcLevel>();
        int width = input;
        for (int l = 0; l < sizes.Count; l++)
        {
            list.Add(new CgcLevel(width, sizes[l], sharedExperts, taskExperts, tasks, last: l == sizes.Count - 1));
            width = sizes[l];
        }
        levels = new ModuleList<CgcLevel>(list.ToArray());
        this.tasks = tasks;
        OutputSize = sizes[^1];
        RegisterComponents();
    }

    public override int OutputSize { get; }

    public override Tensor[] forward(Tensor x)
    {
        var streams = Enumerable.Range(0, tasks + 1).Select(_ => x).ToArray();   // T task streams + the shared one, each [B, in]
        foreach (var level in levels) streams = level.call(streams);
        return streams.Take(tasks).ToArray();                                      // T × [B, H]
    }
}
