using System.Collections.Concurrent;

namespace AdaFtr.Model.Runtime;

/// <summary>
/// One dedicated thread that runs TorchSharp work items one at a time. Dispose scopes and grad
/// mode are thread-local and a training step is long synchronous work that would starve the
/// .NET thread pool, so grains hand their maths here and await only plain results.
/// </summary>
public sealed class ComputeThread : IDisposable
{
    private readonly BlockingCollection<Action> _queue = [];
    private readonly Thread _thread;

    public ComputeThread(string name)
    {
        Name = name;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public string Name { get; }

    public Task<T> RunAsync<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(() =>
        {
            try { completion.SetResult(work()); }
            catch (Exception e) { completion.SetException(e); }
        });
        return completion.Task;
    }

    public Task RunAsync(Action work) => RunAsync(() => { work(); return true; });

    private void Run()
    {
        foreach (var item in _queue.GetConsumingEnumerable()) item();
    }

    public void Dispose() => _queue.CompleteAdding();
}
