namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>What one machine measures for the simulation (see <see cref="CostCalibration"/>), all in seconds.</summary>
/// <param name="ComputeSeconds">Mean time of one worker's step on its device: the replied values loaded, forward, backward, the finite check, gradients split by shard.</param>
/// <param name="ComputeJitterSeconds">Standard deviation of that time from step to step.</param>
/// <param name="RpcOverheadSeconds">CPU cost of one grain call round trip inside a silo (scheduling and message handling, no network).</param>
/// <param name="EncodeSecondsPerByte">Tensors turned into wire buffers and chunks, per payload byte: a worker's push on its device's thread, a shard's replies on its own thread.</param>
/// <param name="DecodeSecondsPerByte">Wire buffers assembled, checked finite and turned into tensors, per byte: a shard's K pushes on its own thread, a worker's replies on its device's thread.</param>
/// <param name="DenseApplySecondsPerElement">Parameter-server Adam on the flat dense vector, per parameter.</param>
/// <param name="MergeSecondsPerElement">Summing one more worker's pushed gradient into a shard's, per float pushed.</param>
/// <param name="RowApplyFixedSeconds">Lazy Adam's cost per apply that does not grow with the rows (merging the id lists, a dozen tensor ops).</param>
/// <param name="RowApplySecondsPerRow">Lazy Adam of one more merged embedding row.</param>
public sealed record MeasuredCosts(
    double ComputeSeconds,
    double ComputeJitterSeconds,
    double RpcOverheadSeconds,
    double EncodeSecondsPerByte,
    double DecodeSecondsPerByte,
    double DenseApplySecondsPerElement,
    double MergeSecondsPerElement,
    double RowApplyFixedSeconds,
    double RowApplySecondsPerRow);
