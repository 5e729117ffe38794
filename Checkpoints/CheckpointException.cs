namespace AdaFtr.Checkpoints;

/// <summary>A checkpoint that cannot be used: missing, partial, or failing its checksums; the message names the file.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
