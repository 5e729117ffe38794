using Microsoft.Extensions.Logging;

namespace AdaFtr.Checkpoints;

/// <summary>
/// Writes a job's <see cref="JobHistory"/> into its checkpoint store, best-effort: a history that
/// cannot be written is logged and training goes on (the checkpoints, not the history, are what a
/// resume needs). Writes are serialized, so a checkpoint's write and a settling job's never interleave.
/// </summary>
public sealed partial class JobHistoryWriter(ICheckpointStore store, ILogger logger)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <returns>False when the write failed (and was logged).</returns>
    public async Task<bool> WriteAsync(JobHistory history, CancellationToken cancellationToken = default)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            await store.WriteAsync(JobHistory.PathOf(history.Job), history.ToJson(), cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogHistoryFailed(logger, e, history.Job, store.Describe(JobHistory.PathOf(history.Job)));
            return false;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>The history an earlier run left, or null when there is none or it cannot be read (logged).</summary>
    public async Task<JobHistory?> ReadAsync(string job, CancellationToken cancellationToken = default)
    {
        try { return await JobHistory.ReadAsync(store, job, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogHistoryUnreadable(logger, e, job, store.Describe(JobHistory.PathOf(job)));
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: its earlier history at {Location} cannot be read; the new one starts without it")]
    private static partial void LogHistoryUnreadable(ILogger logger, Exception error, string job, string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: could not write its history to {Location}; training goes on without it")]
    private static partial void LogHistoryFailed(ILogger logger, Exception error, string job, string location);
}
