using AdaFtr.Model.Metrics;
using AdaFtr.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Training;

/// <summary>
/// The one evaluation of a batch that the local trainer, a worker replica and <c>adaftr eval</c>
/// share: the model's probabilities per task, with the batch's labels and users, as mergeable states.
/// </summary>
public static class BatchEvaluation
{
    /// <summary>Per-task evaluation states of <paramref name="batch"/> (no gradients; the model is put in eval mode).</summary>
    public static IReadOnlyList<TaskEvaluation> Of(AdaFtrModel model, Batch batch, Device device) =>
        Of(model, batch, () => model.call(batch.Sparse.to(device), batch.Dense.to(device)));

    /// <param name="forward">The model's forward pass on <paramref name="batch"/>, run here without gradients (a worker's, from the rows it pulled).</param>
    public static IReadOnlyList<TaskEvaluation> Of(AdaFtrModel model, Batch batch, Func<ModelOutputs> forward)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        model.eval();
        var outputs = forward();
        var users = batch.User.data<long>().ToArray();
        var labels = batch.Labels.t().contiguous();                                       // [T, B]
        return model.Config.Schema.Tasks.Select((task, t) => TaskEvaluation.From(task,
            torch.sigmoid(outputs.Logits[t]).cpu().to_type(ScalarType.Float32).data<float>().ToArray(),
            labels[t].data<float>().ToArray(), users)).ToList();
    }

    /// <summary>Two lists of per-task states (same tasks, same order) merged task by task.</summary>
    public static IReadOnlyList<TaskEvaluation> Merge(IReadOnlyList<TaskEvaluation> a, IReadOnlyList<TaskEvaluation> b) =>
        a.Zip(b, (x, y) => x.Merge(y)).ToList();
}
