namespace AdaFtr.Grains;

/// <summary>A position in a worker's data, (epoch, shard, block, row) as the shard reader counts it.</summary>
[GenerateSerializer, Immutable, Alias("adaftr.DataCursor")]
public sealed record DataCursor([property: Id(0)] int Epoch, [property: Id(1)] int Shard, [property: Id(2)] int Block, [property: Id(3)] long Row);

/// <summary>Run step <see cref="Step"/> from parameters of version Step − 1, reading data from <see cref="Cursor"/> (null: the start).</summary>
[GenerateSerializer, Immutable, Alias("adaftr.StepOrder")]
public sealed record StepOrder([property: Id(0)] long Step, [property: Id(1)] DataCursor? Cursor, [property: Id(2)] int Attempt);

/// <summary>
/// What a worker did in a step: its loss, where its data now stands, (test mode) which samples it
/// used, and the tensor payload bytes it moved: dense (parameters pulled, gradients pushed) and
/// sparse (row ids and rows pulled, row ids and row gradients pushed).
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
    [property: Id(8)] long SparseBytes);
