using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks.Backbones;

/// <summary>
/// One extraction level of PLE (customized gate control): each task has its own experts and a
/// gate over its experts plus the shared ones; below the last level a shared gate over all
/// experts feeds the next level's shared stream. Input and output: T task streams, then the shared stream.
/// </summary>
public sealed class CgcLevel : Module<Tensor[], Tensor[]>
{
    private readonly ModuleList<Mlp> task_experts;
    private readonly ModuleList<Mlp> shared_experts;
    private readonly ModuleList<Linear> task_gates;
    private readonly ModuleList<Linear> shared_gate;   // empty on the last level: nothing reads its shared stream
    private readonly int tasks;
    private readonly int perTask;

    public CgcLevel(int input, int size, int sharedExperts, int taskExperts, int tasks, bool last) : base(nameof(CgcLevel))
    {
        task_experts = new ModuleList<Mlp>(Enumerable.Range(0, tasks * taskExperts).Select(_ => new Mlp(input, [size])).ToArray());
        shared_experts = new ModuleList<Mlp>(Enumerable.Range(0, sharedExperts).Select(_ => new Mlp(input, [size])).ToArray());
        task_gates = new ModuleList<Linear>(Enumerable.Range(0, tasks).Select(_ => Linear(input, taskExperts + sharedExperts)).ToArray());
        shared_gate = new ModuleList<Linear>(last ? [] : [Linear(input, tasks * taskExperts + sharedExperts)]);
        this.tasks = tasks;
        perTask = taskExperts;
        RegisterComponents();
    }

    public override Tensor[] forward(Tensor[] streams)
    {
        var shared = shared_experts.Select(e => e.call(streams[tasks])).ToArray();                 // S × [B, H]
        var own = Enumerable.Range(0, tasks)
            .Select(t => Enumerable.Range(0, perTask).Select(k => task_experts[t * perTask + k].call(streams[t])).ToArray())
            .ToArray();                                                                             // T × K × [B, H]
        var outputs = new List<Tensor>();
        for (int t = 0; t < tasks; t++)
            outputs.Add(Mix(task_gates[t].call(streams[t]), [.. own[t], .. shared]));             // [B, H]
        if (shared_gate.Count == 1)
            outputs.Add(Mix(shared_gate[0].call(streams[tasks]), [.. own.SelectMany(e => e), .. shared]));
        return outputs.ToArray();
    }

    private static Tensor Mix(Tensor gateLogits, Tensor[] experts)
    {
        var stacked = torch.stack(experts, 1);                                 // [B, X, H]
        var weights = functional.softmax(gateLogits, 1).unsqueeze(-1);         // [B, X, 1]
        return (stacked * weights).sum(1);                                     // [B, H]
    }
}
