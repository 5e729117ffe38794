namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>What one machine measures for the simulation (see <see cref="CostCalibration"/>), all in seconds.</summary>
/// <param name="ComputeSeconds">Mean time of one worker's step on its device: batch rows to touched rows, load of the pulled values, forward, backward, gradients split by shard.</param>
/// <param name="ComputeJitterSeconds">Standard deviation of that time from step to step.</param>
/// <param name="RpcOverheadSeconds">CPU cost of one grain call round trip inside a silo (scheduling and message handling, no network).</param>
/// <param name="WorkerWireSecondsPerByte">A worker turning tensors into wire buffers and chunks (push) or back (pull), per payload byte, on its device's thread.</param>
/// <param name="ShardWireSecondsPerByte">A shard assembling a pushed gradient, checking it is finite and turning it into tensors, per byte, on its silo's one service thread.</param>
/// <param name="DenseApplySecondsPerElement">Parameter-server Adam on the flat dense vector, per parameter.</param>
/// <param name="MergeSecondsPerElement">Summing one more worker's pushed gradient into a shard's, per float pushed.</param>
/// <param name="RowApplyFixedSeconds">Lazy Adam's cost per apply that does not grow with the rows (merging the id lists, a dozen tensor ops).</param>
/// <param name="RowApplySecondsPerRow">Lazy Adam of one more merged embedding row.</param>
public sealed record MeasuredCosts(
    double ComputeSeconds,
    double ComputeJitterSeconds,
    double RpcOverheadSeconds,
    double WorkerWireSecondsPerByte,
    double ShardWireSecondsPerByte,
    double DenseApplySecondsPerElement,
    double MergeSecondsPerElement,
    double RowApplyFixedSeconds,
    double RowApplySecondsPerRow);
