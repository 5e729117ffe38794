using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Optim;

/// <summary>
/// Lazy Adam for an embedding table [rows, E]: a step touches only the rows given by id, each
/// row keeps its own step count (so its bias correction is that of a dense Adam run over the
/// steps in which it was touched), and untouched rows, moments included, never change.
/// TorchSharp has no SparseAdam, and its Adam updates every row; this is the code the parameter
/// server applies to its row ranges too.
/// </summary>
public sealed class LazyRowAdamSlot(Tensor table, AdamSettings settings) : IDisposable
{
    private readonly Tensor m = torch.zeros_like(table);
    private readonly Tensor v = torch.zeros_like(table);
    private readonly Tensor steps = torch.zeros(table.shape[0], dtype: ScalarType.Int64);

    /// <summary>int64 [rows]: how many updates each row has had.</summary>
    public Tensor Steps => steps;

    /// <param name="rowIds">int64 [U], unique row ids.</param>
    /// <param name="rowGradients">[U, E] the gradient of each of those rows.</param>
    public void Apply(Tensor rowIds, Tensor rowGradients)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var rows = table.index_select(0, rowIds);                                        // [U, E]
        var g = settings.WeightDecay > 0 ? rowGradients + rows * settings.WeightDecay : rowGradients;
        var mRows = m.index_select(0, rowIds).mul_(settings.Beta1).add_(g, alpha: 1 - settings.Beta1);          // [U, E]
        var vRows = v.index_select(0, rowIds).mul_(settings.Beta2).addcmul_(g, g, value: 1 - settings.Beta2);   // [U, E]
        var t = steps.index_select(0, rowIds).add_(1);                                   // [U]
        var tFloat = t.to_type(ScalarType.Float64).unsqueeze(1);                          // [U, 1]
        var correction1 = (1 - Power(settings.Beta1, tFloat)).to_type(table.dtype);      // [U, 1]
        var correction2 = (1 - Power(settings.Beta2, tFloat)).to_type(table.dtype);      // [U, 1]
        var denominator = (vRows.sqrt() / correction2.sqrt()).add_(settings.Epsilon);     // [U, E]
        var updated = rows - mRows / denominator * (settings.LearningRate / correction1); // [U, E]
        m.index_copy_(0, rowIds, mRows);
        v.index_copy_(0, rowIds, vRows);
        steps.index_copy_(0, rowIds, t);
        table.index_copy_(0, rowIds, updated);
    }

    /// <summary>β^t per row, in float64 so long-lived rows keep an exact bias correction.</summary>
    private static Tensor Power(double beta, Tensor exponent) =>
        beta == 0 ? torch.zeros_like(exponent) : (exponent * Math.Log(beta)).exp();

    public void Dispose()
    {
        m.Dispose();
        v.Dispose();
        steps.Dispose();
    }
}
