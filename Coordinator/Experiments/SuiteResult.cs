namespace AdaFtr.Coordinator.Experiments;

/// <summary>Everything a suite produced: what it ran on, how, every (arm, seed) run in the order they ran, and the wall time of all of them.</summary>
public sealed record SuiteResult(string Suite, string DataDescription, IReadOnlyList<string> Tasks, double[]? OracleAuc, double OracleCvrClickedAuc,
    double[] PositiveRates, SuiteSettings Settings, IReadOnlyList<ArmRun> Runs, double WallSeconds)
{
    /// <summary>Training samples of every run (validation and test passes not counted).</summary>
    public long SamplesTrained => Runs.Sum(r => r.Trace.Samples);

    public double SamplesPerSecond => WallSeconds > 0 ? SamplesTrained / WallSeconds : double.NaN;
}
