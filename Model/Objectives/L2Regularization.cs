using AdaFtr.Model.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Objectives;

/// <summary>
/// The <c>reg</c> of eq. 14 (<c>λ‖Θ‖</c>, taken squared as L2 weight decay is): the squared norm of
/// the embedding rows each sample looks up, averaged over the batch, plus for
/// <see cref="L2Scope.All"/> the squared norm of the other task parameters. It is part of each
/// (micro-)batch's loss, so K workers scaled by 1/K sum to the same gradient as one batch.
/// </summary>
public static class L2Regularization
{
    /// <param name="embedded">[B, F, E] the rows the batch looked up.</param>
    /// <param name="taskParameters">Θ without the table (<see cref="Networks.AdaFtrModel.TaskParameters"/>); read only for <see cref="L2Scope.All"/>.</param>
    /// <returns>[] the term before λ.</returns>
    public static Tensor Of(L2Scope scope, Tensor embedded, IReadOnlyList<Tensor> taskParameters)
    {
        var rows = embedded.square().sum([1, 2]).mean();                                      // [] mean over samples of their rows' squared norm
        if (scope == L2Scope.Embeddings) return rows;
        if (taskParameters.Count == 0)
            throw new ArgumentException("objective.l2_scope = all needs the model's task parameters", nameof(taskParameters));
        var dense = torch.stack(taskParameters.Select(p => p.square().sum().to_type(rows.dtype)).ToArray()).sum(); // [] Σ‖θ‖²
        return rows + dense;
    }
}
