using Spectre.Console;

namespace AdaFtr.Coordinator.Console;

/// <summary>
/// One bar of a <see cref="LiveProgress"/>, or <see cref="None"/> where nothing is drawn
/// (redirected output): callers then print their own periodic lines, as <see cref="IsLive"/> tells them.
/// </summary>
public sealed class ProgressBar
{
    private readonly ProgressTask? _task;

    internal ProgressBar(ProgressTask? task) => _task = task;

    public static ProgressBar None { get; } = new(null);

    public bool IsLive => _task is not null;

    /// <summary>Moves the bar to <paramref name="done"/> (when its end is known) and shows <paramref name="description"/> beside it.</summary>
    public void Update(double done, string description)
    {
        if (_task is null) return;
        if (!_task.IsIndeterminate) _task.Value = done;
        _task.Description = Markup.Escape(description);
    }
}
