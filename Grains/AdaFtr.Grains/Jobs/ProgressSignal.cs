namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Wakes every progress call waiting on a job (<see cref="ITrainingJobGrain.GetProgressAsync"/>) when its steps,
/// evaluations, recoveries or state change. A wait takes <see cref="Next"/> before it looks, so a change between the
/// look and the wait still wakes it.
/// </summary>
public sealed class ProgressSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => _next.Task;

    public void Pulse()
    {
        var woken = _next;
        _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        woken.TrySetResult();
    }
}
