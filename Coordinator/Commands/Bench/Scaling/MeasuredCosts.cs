namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>What one machine measures for the simulation (see <c>ScalingCalibration</c>), all in seconds.</summary>
/// <param name="ComputeSeconds">Mean time of one worker's step on its device: batch rows to touched rows, load of the pulled values, forward, backward, gradients split by shard.</param>
/// <param name="ComputeJitterSeconds">Standard deviation of that time from step to step.</param>
/// <param name="RpcOverheadSeconds">CPU cost of one grain call round trip inside a silo (serialization and scheduling, no network).</param>
/// <param name="DenseApplySecondsPerElement">Parameter-server Adam on the flat dense vector, per parameter.</param>
/// <param name="MergeSecondsPerElement">Summing one more worker's pushed gradient into a shard's, per float pushed.</param>
/// <param name="RowApplySecondsPerRow">Lazy Adam of one merged embedding row.</param>
public sealed record MeasuredCosts(
    double ComputeSeconds,
    double ComputeJitterSeconds,
    double RpcOverheadSeconds,
    double DenseApplySecondsPerElement,
    double MergeSecondsPerElement,
    double RowApplySecondsPerRow);
