namespace AdaFtr.Integration.Tests;

/// <summary>
/// What a cluster of silo processes started by <c>adaftr cluster up</c> keeps its membership, job and schedule
/// state and reminders in. The same scenario runs on each; the backend only adds flags and environment to <c>up</c>.
/// </summary>
public abstract class ClusterBackend : IDisposable
{
    /// <summary>Flags appended to <c>adaftr cluster up</c>.</summary>
    public abstract IReadOnlyList<string> UpArguments { get; }

    /// <summary>Environment of the <c>adaftr cluster up</c> process (secrets travel here, never in argv).</summary>
    public abstract IReadOnlyDictionary<string, string> UpEnvironment { get; }

    public virtual void Dispose() { }
}
