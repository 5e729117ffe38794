using Microsoft.Extensions.Logging;

namespace AdaFtr.Coordinator.Console;

/// <summary>
/// The logs of the libraries a command hosts (Orleans, StackExchange.Redis, ASP.NET Core): one line each on standard
/// error, so that standard output carries only the command's results. An exception shows as its message's first
/// line; its stack trace only with --verbose.
/// </summary>
public sealed class StderrLogs(bool stackTraces) : ILoggerProvider
{
    /// <summary>Set from --verbose before a verb runs; read when a host is built.</summary>
    public static bool StackTraces { get; set; }

    /// <summary>Replaces the default providers (console on standard output) with these lines at <paramref name="minimum"/> and above.</summary>
    public static void Use(ILoggingBuilder logging, LogLevel minimum)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(minimum);
        logging.AddProvider(new StderrLogs(StackTraces));
    }

    public ILogger CreateLogger(string categoryName) => new Writer(categoryName, stackTraces);

    public void Dispose() { }

    private sealed class Writer(string category, bool stackTraces) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception).Split('\n')[0].TrimEnd();
            if (exception is not null && !stackTraces) message += $" ({exception.GetBaseException().Message.Split('\n')[0].TrimEnd()})";
            var line = $"{logLevel.ToString().ToLowerInvariant()}: {category}: {message}";
            if (exception is not null && stackTraces) line += Environment.NewLine + exception;
            System.Console.Error.WriteLine(line);
        }
    }
}
