using Orleans.Runtime.Messaging;

namespace AdaFtr.Coordinator.Training;

/// <summary>
/// A call to a job that failed because a silo died under it (the client's gateway, the job's grain, or the grain directory
/// partition that locates it): worth trying again once the cluster has declared the silo dead. Orleans reports that as a
/// timeout, as one of its own exceptions, as a failed connection, or as a cancellation of its own while the silo is being
/// declared dead (seen in CI: an <see cref="OperationCanceledException"/> from the directory's lookup).
/// </summary>
public static class LostContact
{
    /// <param name="ours">The caller's own token: a cancellation it asked for is not a lost contact.</param>
    public static bool Is(Exception error, CancellationToken ours = default) =>
        error is TimeoutException or OrleansException or ConnectionFailedException
        || error is OperationCanceledException && !ours.IsCancellationRequested;
}
