using AdaFtr.Model.Metrics;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>One arm trained with one seed: how it trained, what its best epoch scores on the test rows, and the time it took.</summary>
public sealed record ArmRun(ExperimentArm Arm, long Seed, ArmEvaluation Test, TrainingTrace Trace, double Seconds)
{
    /// <summary>Test metrics per task, in task order.</summary>
    public IReadOnlyList<TaskMetrics> Metrics => Test.Metrics;
}
