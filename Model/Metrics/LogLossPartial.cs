namespace AdaFtr.Model.Metrics;

/// <summary>
/// The mergeable state of binary log loss: the sum of per-sample losses and the count, in double
/// precision; the value is the mean of the union, never an average of averages.
/// </summary>
public sealed record LogLossPartial(double Sum, long Count)
{
    public static readonly LogLossPartial Empty = new(0, 0);

    /// <summary>Probabilities are clamped to [1e-7, 1 − 1e-7] so a confident miss costs a finite amount.</summary>
    public static LogLossPartial From(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels)
    {
        if (probabilities.Length != labels.Length) throw new ArgumentException($"{probabilities.Length} probabilities but {labels.Length} labels");
        const double epsilon = 1e-7;
        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            double p = Math.Clamp(probabilities[i], epsilon, 1 - epsilon);
            sum -= labels[i] > 0.5f ? Math.Log(p) : Math.Log(1 - p);
        }
        return new LogLossPartial(sum, probabilities.Length);
    }

    public LogLossPartial Merge(LogLossPartial other) => new(Sum + other.Sum, Count + other.Count);

    public double Value() => Count == 0 ? double.NaN : Sum / Count;
}
