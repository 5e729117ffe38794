using AdaFtr.Model.Metrics;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>One arm trained with one seed: test metrics per task (in task order), the last training loss and the time it took.</summary>
public sealed record ArmRun(ExperimentArm Arm, long Seed, IReadOnlyList<TaskMetrics> Metrics, double FinalLoss, double Seconds);
