namespace AdaFtr.Checkpoints;

/// <summary>The silo's checkpoint store (null: none), where a job grain that activates without a start looks for its job's newest checkpoint.</summary>
public sealed record ClusterCheckpoints(string? Store);
