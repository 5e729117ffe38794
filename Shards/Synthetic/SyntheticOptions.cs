namespace AdaFtr.Shards.Synthetic;

/// <summary>
/// Settings of a synthetic generator. The data come from a known model: each categorical value has
/// hidden weights, a row's click score <c>s_ctr</c> sums them, and the conversion score is
/// <c>s_cvr = ρ·s_ctr + √(1−ρ²)·s_own</c>, so <see cref="Relatedness"/> ρ sets how much the two
/// tasks share. <c>p(click) = σ(a + s_ctr)</c>, <c>p(conversion | click) = σ(b + s_cvr)</c>, and the
/// probabilities that generated each row can be stored beside its labels.
/// </summary>
/// <param name="Rows">Rows to generate (per day for daily partitions).</param>
/// <param name="Seed">The same seed gives the same rows, whatever the chunk size. Default 1.</param>
/// <param name="Relatedness">ρ in [-1, 1]: correlation of the CTR and CVR scores. Default 0.5.</param>
/// <param name="ClickRate">Target share of impressions clicked. Default 0.04.</param>
/// <param name="ConversionRate">Target share of clicks that convert. Default 0.01 (rare); Ali-CCP's 0.02% of impressions at 3.9% clicks is about 0.0051.</param>
/// <param name="ViewRate">Target share of clicks followed by a view (three-task generators). Default 0.43.</param>
/// <param name="SignalStrength">Standard deviation of the scores: higher makes the labels more predictable (a higher best AUC). Default 1.</param>
/// <param name="WriteTruth">Store the generating probabilities beside the labels. Default true.</param>
/// <param name="RelatedShare">Instance-level generators only: the share of impressions in the planted related subset, in [0, 1]. Default 0.5.</param>
public sealed record SyntheticOptions(
    long Rows,
    long Seed = 1,
    double Relatedness = 0.5,
    double ClickRate = 0.04,
    double ConversionRate = 0.01,
    double ViewRate = 0.43,
    double SignalStrength = 1.0,
    bool WriteTruth = true,
    double RelatedShare = 0.5)
{
    /// <summary>The settings as a person reads them (a shard set's source in its manifest and in `data inspect`), not as a C# record prints.</summary>
    public string Summary => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Rows:N0} rows, seed {Seed}, relatedness {Relatedness}, click rate {ClickRate}, conversion rate {ConversionRate}, view rate {ViewRate}, signal strength {SignalStrength}")
        + (WriteTruth ? ", with the true probabilities" : "");

    public void Validate()
    {
        if (Rows < 0) throw new ArgumentOutOfRangeException(nameof(Rows), Rows, "rows must be 0 or more");
        if (Relatedness is < -1 or > 1) throw new ArgumentOutOfRangeException(nameof(Relatedness), Relatedness, "relatedness must be in [-1, 1]");
        foreach (var (name, rate) in new[] { (nameof(ClickRate), ClickRate), (nameof(ConversionRate), ConversionRate), (nameof(ViewRate), ViewRate) })
            if (rate is <= 0 or >= 1) throw new ArgumentOutOfRangeException(name, rate, "rates must be strictly between 0 and 1");
        if (RelatedShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(RelatedShare), RelatedShare, "related share must be in [0, 1]");
        if (SignalStrength is < 0 or > 10) throw new ArgumentOutOfRangeException(nameof(SignalStrength), SignalStrength, "signal strength must be in [0, 10]");
    }
}
