namespace AdaFtr.Grains;

/// <summary>
/// One task's evaluation state over one worker's part of the evaluation set, as it crosses the wire: the exact AUC's
/// counts per distinct score, the same per user for GAUC, and the log loss's sum. The job merges the K parts exactly.
/// </summary>
[GenerateSerializer, Immutable, Alias("adaftr.TaskEvaluationPart")]
public sealed record TaskEvaluationPart(
    [property: Id(0)] string Task,
    [property: Id(1)] AucCounts Auc,
    [property: Id(2)] IReadOnlyDictionary<long, AucCounts> Users,
    [property: Id(3)] double LogLossSum,
    [property: Id(4)] long Rows);

/// <summary>Positives and negatives per distinct score, scores ascending.</summary>
[GenerateSerializer, Immutable, Alias("adaftr.AucCounts")]
public sealed record AucCounts([property: Id(0)] float[] Scores, [property: Id(1)] long[] Positives, [property: Id(2)] long[] Negatives);
