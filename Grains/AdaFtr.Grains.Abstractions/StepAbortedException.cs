namespace AdaFtr.Grains;

/// <summary>
/// A push or pull of a window the job has abandoned (a worker failed or overran the barrier): the worker stops, and
/// the job restarts every worker from what the shards applied. Not a failure of its own.
/// </summary>
[GenerateSerializer, Alias("adaftr.StepAbortedException")]
public sealed class StepAbortedException : Exception
{
    public StepAbortedException(string message) : base(message) { }
}
