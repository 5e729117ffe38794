namespace AdaFtr.Grains;

/// <summary>A position in a worker's data, (epoch, shard, block, row) as the shard reader counts it.</summary>
[GenerateSerializer, Immutable, Alias("adaftr.DataCursor")]
public sealed record DataCursor([property: Id(0)] int Epoch, [property: Id(1)] int Shard, [property: Id(2)] int Block, [property: Id(3)] long Row);

/// <summary>
/// Run steps <see cref="FromStep"/>..<see cref="ToStep"/> from parameters of version FromStep − 1, reading data from
/// <see cref="Cursor"/> (null: the start). Pushes carry <see cref="Generation"/>: a shard refuses those of an older one,
/// so a worker still busy with an abandoned window cannot touch the retried one.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.StepWindow")]
public sealed record StepWindow([property: Id(0)] long FromStep, [property: Id(1)] long ToStep, [property: Id(2)] DataCursor? Cursor, [property: Id(3)] int Generation);

/// <summary>
/// What a worker did in a step: its loss, where its data now stands, (test mode) which samples it
/// used, and the tensor payload bytes it moved: dense (parameters pulled, gradients pushed) and
/// sparse (row ids and rows pulled, row ids and row gradients pushed), and the calls it made to the shards
/// for the step (all S together: S when every push and reply fits one message), and its replica's copies of the
/// step's payload across the host boundary (<c>TransferCounter</c>: host↔device, or managed↔tensor on the CPU). It travels with the push to
/// parameter shard 0, which keeps the applied steps' reports for the job (<see cref="AppliedStep"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.StepReport")]
public sealed record StepReport(
    [property: Id(0)] int Worker,
    [property: Id(1)] long Step,
    [property: Id(2)] double Loss,
    [property: Id(3)] DataCursor CursorAfter,
    [property: Id(4)] long[]? SampleIds,
    [property: Id(5)] string Silo,
    [property: Id(6)] string Device,
    [property: Id(7)] long DenseBytes,
    [property: Id(8)] long SparseBytes,
    [property: Id(9)] StepPhases Phases,
    [property: Id(10)] int ShardCalls,
    [property: Id(11)] int Transfers);

/// <summary>
/// Where a worker's time went, in milliseconds: waiting for its batch to be read, computing the step, and the
/// previous step's exchange (push, wait at the barrier, apply, reply), which had ended when this report was made.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.StepPhases")]
public sealed record StepPhases([property: Id(0)] double ReadMs, [property: Id(1)] double ComputeMs, [property: Id(2)] double PreviousExchangeMs);

/// <summary>
/// A step that parameter shard 0 applied, with the K workers' reports in worker order, how long applying took, and
/// when it was applied (<see cref="System.Diagnostics.Stopwatch"/> ticks on shard 0's silo: only differences mean anything).
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.AppliedStep")]
public sealed record AppliedStep([property: Id(0)] long Step, [property: Id(1)] IReadOnlyList<StepReport> Reports, [property: Id(2)] double ApplyMs, [property: Id(3)] long AppliedTicks);
