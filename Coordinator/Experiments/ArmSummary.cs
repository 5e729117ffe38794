namespace AdaFtr.Coordinator.Experiments;

/// <summary>Mean and sample standard deviation of one figure over an arm's seeds (std is NaN with a single seed).</summary>
public readonly record struct SeedStatistic(double Mean, double Std)
{
    public static SeedStatistic Of(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return new(double.NaN, double.NaN);
        double mean = finite.Average();
        double std = finite.Count < 2 ? double.NaN : Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Count - 1));
        return new(mean, std);
    }
}

/// <summary>One row of the results table: an arm's AUC and GAUC per task (task order) over its seeds.</summary>
public sealed record ArmSummary(ExperimentArm Arm, int Seeds, SeedStatistic[] Auc, SeedStatistic[] Gauc, double Seconds)
{
    /// <summary>One summary per arm, in the order the arms first ran.</summary>
    public static IReadOnlyList<ArmSummary> Of(SuiteResult result) =>
        result.Runs.GroupBy(r => r.Arm.Name).Select(g =>
        {
            var runs = g.ToList();
            return new ArmSummary(runs[0].Arm, runs.Count,
                result.Tasks.Select((_, t) => SeedStatistic.Of(runs.Select(r => r.Metrics[t].Auc).ToList())).ToArray(),
                result.Tasks.Select((_, t) => SeedStatistic.Of(runs.Select(r => r.Metrics[t].Gauc).ToList())).ToArray(),
                runs.Average(r => r.Seconds));
        }).ToList();
}
