using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Optim;

/// <summary>
/// Sums row gradients from several micro-batches (or workers) per distinct row, in the order
/// given: the local trainer and the parameter server call this same code, so K workers add
/// exactly what K micro-batches add.
/// </summary>
public static class RowGradientSum
{
    /// <param name="ids">Per contributor: int64 [U_i], sorted unique row ids.</param>
    /// <param name="gradients">Per contributor: [U_i, E] the gradient of those rows.</param>
    /// <returns>Sorted unique ids [U] and summed gradients [U, E].</returns>
    public static (Tensor Ids, Tensor Gradients) Merge(IReadOnlyList<Tensor> ids, IReadOnlyList<Tensor> gradients)
    {
        if (ids.Count == 1) return (ids[0], gradients[0]);
        var all = torch.cat(ids.ToArray());                                                      // [ΣU]
        var (unique, inverse, _) = torch.unique(all, sorted: true, return_inverse: true);       // [U], [ΣU]
        var merged = torch.zeros(unique.shape[0], gradients[0].shape[1], dtype: gradients[0].dtype)
            .index_add_(0, inverse!, torch.cat(gradients.ToArray()), 1);                        // [U, E]
        return (unique, merged);
    }
}
