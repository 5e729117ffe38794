using AdaFtr.Model.Networks;
using AdaFtr.Model.Objectives;
using static TorchSharp.torch;

namespace AdaFtr.Model.Training;

/// <summary>The result of one forward + backward on one (micro-)batch; tensors belong to the caller's dispose scope.</summary>
/// <param name="RowGradients">[U, E] gradient of the rows <c>Outputs.Lookup.RowIds</c>, already scaled.</param>
public sealed record ForwardBackwardResult(ModelOutputs Outputs, ObjectiveTerms Terms, Tensor RowGradients);

/// <summary>One forward and backward pass without any update: what a worker computes for its micro-batch.</summary>
public static class ForwardBackward
{
    /// <param name="scale">multiplies the loss before backward (1/K for K micro-batches), so gradients accumulate into a mean.</param>
    public static ForwardBackwardResult Run(AdaFtrModel model, AdaFtrObjective objective, Batch batch, double scale = 1.0) =>
        Run(model, objective, model.call(batch.Sparse, batch.Dense), batch, scale);

    /// <summary>The same from a forward pass already made (a worker's, from the rows it pulled).</summary>
    public static ForwardBackwardResult Run(AdaFtrModel model, AdaFtrObjective objective, ModelOutputs outputs, Batch batch, double scale = 1.0)
    {
        var terms = objective.Compute(outputs, batch.Labels, model.TaskParameters());
        (terms.Total * scale).backward();
        return new ForwardBackwardResult(outputs, terms, outputs.Lookup.RowGradients());
    }
}
