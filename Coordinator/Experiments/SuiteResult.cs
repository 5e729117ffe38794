namespace AdaFtr.Coordinator.Experiments;

/// <summary>Everything a suite produced: what it ran on, how, and every (arm, seed) run in the order they ran.</summary>
public sealed record SuiteResult(string Suite, string DataDescription, IReadOnlyList<string> Tasks, double[]? OracleAuc, double[] PositiveRates,
    SuiteSettings Settings, IReadOnlyList<ArmRun> Runs);
