namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// Early stopping on a validation figure where higher is better: an epoch is the new best when its
/// figure is finite and strictly above every earlier one; training stops once <c>patience</c>
/// epochs in a row have not been the best.
/// </summary>
public sealed class EarlyStopping(int patience)
{
    /// <summary>Epochs observed so far.</summary>
    public int Epochs { get; private set; }

    /// <summary>The 1-based epoch of the best figure; 0 while no finite figure has been seen.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The best figure; NaN while none.</summary>
    public double Best { get; private set; } = double.NaN;

    /// <summary>True once the last <c>patience</c> epochs brought no new best.</summary>
    public bool ShouldStop => Epochs - BestEpoch >= patience;

    /// <returns>True when <paramref name="figure"/> is the new best (keep this epoch's weights).</returns>
    public bool Observe(double figure)
    {
        Epochs++;
        if (!double.IsFinite(figure) || (BestEpoch > 0 && !(figure > Best))) return false;
        Best = figure;
        BestEpoch = Epochs;
        return true;
    }
}
