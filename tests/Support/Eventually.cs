namespace AdaFtr.Tests.Support;

/// <summary>
/// The settle-and-wait loop for what a test cannot be told about (a file, a process, an HTTP answer): reads until a
/// condition holds, and otherwise fails naming what it waited for and what it last saw. A job is followed with
/// <c>JobWatch</c> instead, which is told of each change.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit, string what, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {limit.TotalSeconds:F0} s for {what}; last seen: {value}");
            await Task.Delay(every ?? Every);
        }
    }

    public static Task Until(Func<bool> condition, TimeSpan limit, string what) =>
        Until(() => Task.FromResult(condition()), done => done, limit, what);
}
