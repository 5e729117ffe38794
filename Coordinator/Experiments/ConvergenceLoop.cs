namespace AdaFtr.Coordinator.Experiments;

/// <summary>How a run trained: epochs taken, the epoch whose weights were kept, and every validation figure.</summary>
public sealed record TrainingTrace(int Epochs, int BestEpoch, double BestValidation, IReadOnlyList<double> Validation, long Steps, long Samples, double FinalLoss);

/// <summary>
/// Training to convergence: an epoch of training, then the validation figure, until
/// <see cref="EarlyStopping"/> says stop or <c>maxEpochs</c> have run; the weights of the best
/// epoch are kept aside when it happens and put back at the end, so the caller evaluates the best
/// epoch, not the last (the last ones stay when no epoch gave a finite figure).
/// </summary>
public static class ConvergenceLoop
{
    /// <param name="trainEpoch">trains epoch e (1-based); returns its steps, samples and last loss.</param>
    /// <param name="validate">the validation figure of the current weights (higher is better).</param>
    /// <param name="keepBest">copies the current weights aside.</param>
    /// <param name="restoreBest">puts the copied weights back.</param>
    public static TrainingTrace Run(int maxEpochs, int patience, Func<int, (long Steps, long Samples, double Loss)> trainEpoch,
        Func<double> validate, Action keepBest, Action restoreBest, CancellationToken cancellationToken = default)
    {
        var stopping = new EarlyStopping(patience);
        var figures = new List<double>();
        long steps = 0, samples = 0;
        double loss = double.NaN;
        while (stopping.Epochs < maxEpochs && !stopping.ShouldStop)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var epoch = trainEpoch(stopping.Epochs + 1);
            steps += epoch.Steps; samples += epoch.Samples; loss = epoch.Loss;
            double figure = validate();
            figures.Add(figure);
            if (stopping.Observe(figure)) keepBest();
        }
        if (stopping.BestEpoch > 0) restoreBest();
        return new TrainingTrace(stopping.Epochs, stopping.BestEpoch, stopping.Best, figures, steps, samples, loss);
    }
}
