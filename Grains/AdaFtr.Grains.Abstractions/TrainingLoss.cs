namespace AdaFtr.Grains;

/// <summary>
/// "The loss" wherever adaftr shows one (the train log and bar, `jobs list` and `jobs status`, a checkpoint
/// manifest's train_loss): the mean training loss of the last <see cref="Window"/> steps, fewer at the start. One
/// step's loss is one batch's and too noisy to compare; a mean since some earlier event differs by who asks.
/// </summary>
public static class TrainingLoss
{
    public const int Window = 50;

    /// <param name="losses">Every step's loss, step 1 first.</param>
    /// <param name="step">The step it is taken after; NaN before the first.</param>
    public static double After(IReadOnlyList<double> losses, long step)
    {
        int end = (int)Math.Min(step, losses.Count);
        if (end <= 0) return double.NaN;
        int start = Math.Max(0, end - Window);
        double sum = 0;
        for (int i = start; i < end; i++) sum += losses[i];
        return sum / (end - start);
    }
}
