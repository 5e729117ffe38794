namespace AdaFtr.Checkpoints;

/// <summary>Which checkpoints to keep: the last <c>keepLast</c> by step, plus the best by one metric.</summary>
public static class CheckpointRetention
{
    /// <summary>Metrics whose name ends so are better when higher; every other metric (losses) when lower.</summary>
    public static bool HigherIsBetter(string metric) => metric.EndsWith("auc", StringComparison.OrdinalIgnoreCase);

    /// <returns>The steps of <paramref name="checkpoints"/> to delete.</returns>
    public static IReadOnlyList<long> ToDelete(IReadOnlyList<CheckpointManifest> checkpoints, int keepLast, string bestMetric)
    {
        var keep = checkpoints.OrderByDescending(c => c.Step).Take(keepLast).Select(c => c.Step).ToHashSet();
        var scored = checkpoints.Where(c => c.Metrics.TryGetValue(bestMetric, out var v) && double.IsFinite(v)).ToList();
        if (scored.Count > 0)
        {
            var best = HigherIsBetter(bestMetric)
                ? scored.MaxBy(c => c.Metrics[bestMetric])!
                : scored.MinBy(c => c.Metrics[bestMetric])!;
            keep.Add(best.Step);
        }
        return checkpoints.Select(c => c.Step).Where(s => !keep.Contains(s)).Order().ToList();
    }
}
