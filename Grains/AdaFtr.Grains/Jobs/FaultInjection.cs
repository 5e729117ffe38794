namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Whether this silo runs in test mode, taking job specs that carry <see cref="JobSpec.Faults"/>. A production silo
/// (the default) refuses them: a fault hangs or fails a job on purpose, which no submitted spec should be able to ask for.
/// </summary>
public sealed record FaultInjection(bool Allowed)
{
    public static readonly FaultInjection Refused = new(false);
}
