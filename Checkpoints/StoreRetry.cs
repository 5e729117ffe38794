namespace AdaFtr.Checkpoints;

/// <summary>
/// Retries a store operation with exponential backoff (backoff, 2·backoff, 4·backoff…), so a
/// storage outage of a few seconds costs a delayed checkpoint, not a lost one.
/// </summary>
public static class StoreRetry
{
    /// <param name="onRetry">Told the failed attempt's number and error before each wait.</param>
    /// <exception cref="Exception">the last attempt's error, when every attempt failed.</exception>
    public static async Task RunAsync(Func<CancellationToken, Task> operation, int attempts, TimeSpan backoff, Action<int, Exception> onRetry, CancellationToken cancellationToken = default)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await operation(cancellationToken);
                return;
            }
            // A CheckpointException is the store's content refusing the write (a published step), which no retry changes.
            catch (Exception e) when (e is not (OperationCanceledException or CheckpointException) && attempt < attempts)
            {
                onRetry(attempt, e);
                await Task.Delay(backoff * Math.Pow(2, attempt - 1), cancellationToken);
            }
        }
    }
}
