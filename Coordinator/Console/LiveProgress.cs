using Spectre.Console;

namespace AdaFtr.Coordinator.Console;

/// <summary>
/// Runs long work under a Spectre progress bar when the console is an interactive terminal, and
/// without one otherwise (CI, pipes, tests), where the work's own periodic lines are the record.
/// Text written through the same console while the bar is live is printed above it.
/// </summary>
public static class LiveProgress
{
    /// <param name="total">The bar's end, or null when the amount of work is not known (the bar then pulses).</param>
    public static async Task<T> RunAsync<T>(CliConsole console, string description, double? total, Func<ProgressBar, Task<T>> work)
    {
        if (!console.Style.Interactive) return await work(ProgressBar.None);
        return await Bars(console).StartAsync(async context =>
        {
            var task = AddTask(context, description, total);
            var result = await work(new ProgressBar(task));
            Finish(task);
            return result;
        });
    }

    /// <summary>The same for synchronous work, which stays on the calling thread (TorchSharp's dispose scopes are thread-local).</summary>
    public static T Run<T>(CliConsole console, string description, double? total, Func<ProgressBar, T> work)
    {
        if (!console.Style.Interactive) return work(ProgressBar.None);
        return Bars(console).Start(context =>
        {
            var task = AddTask(context, description, total);
            var result = work(new ProgressBar(task));
            Finish(task);
            return result;
        });
    }

    private static Progress Bars(CliConsole console) => console.Ansi.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn());

    private static ProgressTask AddTask(ProgressContext context, string description, double? total)
    {
        var task = context.AddTask(Markup.Escape(description), maxValue: total ?? 1);
        task.IsIndeterminate = total is null;
        return task;
    }

    // Work of unknown size is whole once it returns; work of known size keeps where it stopped (a paused job shows how far it got).
    private static void Finish(ProgressTask task)
    {
        if (task.IsIndeterminate)
        {
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
        }
        task.StopTask();
    }
}
