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
    // m and v side by side, [rows, 2, E]: a step gathers and scatters the state of its rows once.
    private readonly Tensor moments = torch.zeros(table.shape[0], 2, table.shape[1], dtype: table.dtype);
    private readonly Tensor steps = torch.zeros(table.shape[0], dtype: ScalarType.Int64);
    private readonly AdamScalars scalars = new(settings);

    /// <summary>int64 [rows]: how many updates each row has had.</summary>
    public Tensor Steps => steps;

    /// <summary>First and second moments, [rows, E] each (views), for checkpoints.</summary>
    public (Tensor M, Tensor V) Moments => (moments.select(1, 0), moments.select(1, 1));

    /// <summary>[rows, 2, E]: m and v of every row side by side (the live state; for checkpoints).</summary>
    public Tensor MomentTable => moments;

    /// <summary>Puts back a saved <see cref="MomentTable"/> and per-row step counts (int64 [rows]).</summary>
    public void Restore(Tensor savedMoments, Tensor savedSteps)
    {
        if (!savedMoments.shape.SequenceEqual(moments.shape) || !savedSteps.shape.SequenceEqual(steps.shape))
            throw new ArgumentException($"row Adam state [{string.Join(", ", savedMoments.shape)}] / steps [{string.Join(", ", savedSteps.shape)}] does not fit a table of [{string.Join(", ", table.shape)}]");
        using var _ = torch.no_grad();
        moments.copy_(savedMoments);
        steps.copy_(savedSteps);
    }

    /// <param name="rowIds">int64 [U], unique row ids.</param>
    /// <param name="rowGradients">[U, E] the gradient of each of those rows.</param>
    public void Apply(Tensor rowIds, Tensor rowGradients)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var g = settings.WeightDecay > 0 ? rowGradients + table.index_select(0, rowIds).mul_(scalars.WeightDecay) : rowGradients;
        var state = moments.index_select(0, rowIds);                                     // [U, 2, E]
        var m = state.select(1, 0).mul_(scalars.Beta1).add_(g, alpha: scalars.OneMinusBeta1);          // [U, E]
        var v = state.select(1, 1).mul_(scalars.Beta2).addcmul_(g, g, value: scalars.OneMinusBeta2);   // [U, E]
        var t = steps.index_select(0, rowIds).add_(scalars.One);                         // [U]
        var tFloat = t.to_type(ScalarType.Float64).unsqueeze(1);                          // [U, 1]
        var correction1 = Power(scalars.LogBeta1, tFloat).neg_().add_(scalars.One).to_type(table.dtype);   // [U, 1] 1 - β1^t
        var correction2 = Power(scalars.LogBeta2, tFloat).neg_().add_(scalars.One).to_type(table.dtype);   // [U, 1] 1 - β2^t
        var denominator = (v.sqrt() / correction2.sqrt()).add_(scalars.Epsilon);        // [U, E]
        var delta = (m / denominator).mul_(scalars.MinusLearningRate).div_(correction1); // [U, E]
        moments.index_copy_(0, rowIds, state);
        steps.index_copy_(0, rowIds, t);
        table.index_add_(0, rowIds, delta, 1);                                             // ids are unique: a plain add per row
    }

    /// <summary>β^t per row from log β (null when β = 0), in float64 so long-lived rows keep an exact bias correction.</summary>
    private static Tensor Power(Scalar? logBeta, Tensor exponent) =>
        logBeta is null ? torch.zeros_like(exponent) : exponent.mul(logBeta).exp_();

    public void Dispose()
    {
        moments.Dispose();
        steps.Dispose();
        scalars.Dispose();
    }
}
