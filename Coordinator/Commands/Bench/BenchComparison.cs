namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// Two runs of the same bench side by side: per figure, A, B and B ÷ A (null where A is 0, or the figure is
/// in one run only), in A's figure order, then the figures only B has.
/// </summary>
public sealed record BenchComparison(string Bench, IReadOnlyList<BenchComparison.Row> Rows)
{
    public sealed record Row(string Figure, double? A, double? B)
    {
        public double? Ratio => A is { } a && B is { } b && a != 0 ? b / a : null;
    }

    public static BenchComparison Of(BenchReport a, BenchReport b)
    {
        if (a.Bench != b.Bench) throw new ArgumentException($"bench {a.Bench} against bench {b.Bench}");
        var rows = a.Figures.Select(f => new Row(f.Key, f.Value, b.Figures.TryGetValue(f.Key, out var other) ? other : null))
            .Concat(b.Figures.Where(f => !a.Figures.ContainsKey(f.Key)).Select(f => new Row(f.Key, null, f.Value)))
            .ToList();
        return new BenchComparison(a.Bench, rows);
    }
}
