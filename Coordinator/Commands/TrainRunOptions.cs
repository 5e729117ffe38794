using AdaFtr.Grains;

namespace AdaFtr.Coordinator.Commands;

/// <summary>The validated settings of one <c>adaftr train</c> run; every error names its flag.</summary>
public sealed record TrainRunOptions(string Data, string EvalData, int Steps, int BatchSize, double LearningRate, long Seed, string CheckpointDir,
    string Job, int LogEvery, int Workers, int ParameterShards, string? Cluster, string ClusterId)
{
    /// <param name="data">A file or shard set, checked when it is read (<see cref="Training.TrainingInput"/>).</param>
    public static TrainRunOptions From(string data, string evalData, int steps, int batchSize, double learningRate, long seed, string checkpointDir,
        string job, int logEvery, int workers, int parameterShards, string? cluster, string clusterId)
    {
        if (steps < 1) throw new UserError($"--steps: {steps} must be at least 1");
        if (batchSize < 1) throw new UserError($"--batch-size: {batchSize} must be at least 1");
        if (!(learningRate > 0) || !double.IsFinite(learningRate)) throw new UserError($"--learning-rate: {learningRate} must be a positive number");
        if (logEvery < 1) throw new UserError($"--log-every: {logEvery} must be at least 1");
        if (JobIds.Problem(job) is { } badJob) throw new UserError($"--job: {badJob}");
        if (workers < 1) throw new UserError($"--workers: {workers} must be at least 1");
        if (batchSize % workers != 0) throw new UserError($"--batch-size: {batchSize} rows do not split evenly over --workers {workers}; use a multiple of {workers}");
        if (parameterShards < 1) throw new UserError($"--ps-shards: {parameterShards} must be at least 1");
        return new TrainRunOptions(data, evalData, steps, batchSize, learningRate, seed, checkpointDir, job, logEvery,
            workers, parameterShards, cluster, clusterId);
    }
}
