using System.Diagnostics;
using AdaFtr.Coordinator.Console;

namespace AdaFtr.Coordinator.Commands.Data;

/// <summary>
/// Progress of long reads and writes, on standard error so that the result on standard output (and
/// --json) stays clean: a live bar on a terminal; elsewhere a line (rows, rate) at most every
/// <paramref name="every"/>.
/// </summary>
internal sealed class RowProgress(string what, TextWriter error, ProgressBar bar, TimeSpan every) : IProgress<long>
{
    private static readonly TimeSpan LineEvery = TimeSpan.FromSeconds(2);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;

    /// <summary>Runs <paramref name="work"/> under a bar of <paramref name="total"/> rows (null: not known beforehand).</summary>
    public static T Run<T>(string what, TextWriter error, long? total, Func<RowProgress, T> work) =>
        LiveProgress.Run(CliConsole.For(error), what, total, bar => work(new RowProgress(what, error, bar, LineEvery)));

    public void Report(long rows)
    {
        var line = $"{what}: {rows:N0} rows, {rows / _clock.Elapsed.TotalSeconds:N0} rows/s";
        if (bar.IsLive)
        {
            bar.Update(rows, line);
            return;
        }
        if (_clock.Elapsed - _last < every) return;
        _last = _clock.Elapsed;
        error.WriteLine($"  {line}");
    }

    public TimeSpan Elapsed => _clock.Elapsed;
}
