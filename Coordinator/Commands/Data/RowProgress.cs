using System.Diagnostics;

namespace AdaFtr.Coordinator.Commands.Data;

/// <summary>
/// Progress of long reads and writes: a line on standard error at most every two seconds (rows,
/// rate), so the result on standard output (and --json) stays clean.
/// </summary>
internal sealed class RowProgress(string what, TextWriter error) : IProgress<long>
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;

    public void Report(long rows)
    {
        if (_clock.Elapsed - _last < Every) return;
        _last = _clock.Elapsed;
        error.WriteLine($"  {what}: {rows:N0} rows, {rows / _clock.Elapsed.TotalSeconds:N0} rows/s");
    }

    public TimeSpan Elapsed => _clock.Elapsed;
}
