namespace AdaFtr.Grains;

/// <summary>
/// A scheduled daily retrain (key: <see cref="Name"/>): at each cron occurrence, train a challenger on the
/// <see cref="WindowDays"/> daily partitions before the test days, evaluate it and the champion on the
/// <see cref="TestDays"/> partitions before the occurrence's date, and promote the challenger only if it is better on
/// <see cref="Metric"/>. Validated once by the schedule grain, every error naming the field.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.ScheduleSpec")]
public sealed record ScheduleSpec
{
    /// <summary>Names the schedule and prefixes its runs' job ids; letters, digits, '-', '_', '.'.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>Five-field cron expression (minute hour day-of-month month day-of-week), e.g. <c>0 2 * * *</c>.</summary>
    [Id(1)] public required string Cron { get; init; }

    /// <summary>IANA time zone the cron and the partition dates are read in. Default UTC.</summary>
    [Id(2)] public string TimeZone { get; init; } = "UTC";

    /// <summary>Folder (or az://container/folder) holding daily partitions <c>day=YYYY-MM-DD/</c>, each a shard set.</summary>
    [Id(3)] public required string Dataset { get; init; }

    /// <summary>Training days: the partitions just before the test days. Default 7.</summary>
    [Id(4)] public int WindowDays { get; init; } = 7;

    /// <summary>Test days: the partitions just before the occurrence's date (the newest complete days). Default 1.</summary>
    [Id(5)] public int TestDays { get; init; } = 1;

    /// <summary>Start each challenger from the champion's parameters instead of a fresh initialisation. Default false.</summary>
    [Id(6)] public bool WarmStart { get; init; }

    /// <summary><c>{task}_{auc|gauc|logloss}</c> with a task of the model (e.g. <c>cvr_auc</c>); lower wins for logloss. Default cvr_auc.</summary>
    [Id(7)] public string Metric { get; init; } = "cvr_auc";

    /// <summary>The model config JSON every run trains (fixed when the schedule is added, so champions and challengers share shapes).</summary>
    [Id(8)] public required string ModelConfigJson { get; init; }

    /// <summary>Logical workers per run. Default 1.</summary>
    [Id(9)] public int Workers { get; init; } = 1;

    /// <summary>Parameter-server shards per run. Default 1.</summary>
    [Id(10)] public int ParameterShards { get; init; } = 1;

    /// <summary>Training steps per run. Default 1,000.</summary>
    [Id(11)] public long Steps { get; init; } = 1000;

    /// <summary>Rows per worker per step. Default 1,024.</summary>
    [Id(12)] public int BatchPerWorker { get; init; } = 1024;

    /// <summary>Checkpoint store of the runs (as <see cref="JobSpec.CheckpointStore"/>); each run's job keeps its own folder there, the champion's included.</summary>
    [Id(13)] public required string CheckpointStore { get; init; }

    /// <summary>Rows per evaluation batch. Default 4,096.</summary>
    [Id(14)] public int EvalBatchRows { get; init; } = 4096;
}
