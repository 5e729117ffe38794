using System.Diagnostics;

namespace AdaFtr.Integration.Tests;

/// <summary>Runs the built <c>adaftr</c> as its own process, as a user would; kills it by id if it overruns.</summary>
internal static class AdaftrProcess
{
    /// <summary>Silos in test mode: they take job specs with injected faults, which a production silo refuses.</summary>
    public static readonly IReadOnlyDictionary<string, string> TestMode = new Dictionary<string, string> { ["ADAFTR_SILO__ALLOWFAULTS"] = "true" };

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    public static Task<Result> Run(TimeSpan timeout, params string[] args) => Run(timeout, new Dictionary<string, string>(), args);

    /// <param name="environment">Variables added to this process's own (and so to the silos a `cluster up` starts), e.g. a connection
    /// string kept off the command line, or <see cref="TestMode"/>.</param>
    public static async Task<Result> Run(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "adaftr.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"adaftr {string.Join(' ', args)} (pid {process.Id}) ran past {timeout} and was killed; stdout so far: {await output}");
        }
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Runs it until a line of its standard output starts with <paramref name="interruptAt"/>, then sends SIGINT, as Ctrl-C on a terminal would.</summary>
    public static async Task<Result> Interrupted(TimeSpan timeout, string interruptAt, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "adaftr.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (output) output.AppendLine(line.Data);
            if (line.Data.TrimStart().StartsWith(interruptAt, StringComparison.Ordinal)) reached.TrySetResult();
        };
        process.BeginOutputReadLine();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await reached.Task.WaitAsync(timeout);
            using (var kill = Process.Start("kill", ["-INT", $"{process.Id}"])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"adaftr {string.Join(' ', args)} (pid {process.Id}) did not print '{interruptAt}' or end within {timeout} and was killed; stdout so far: {output}");
        }
        process.WaitForExit();   // the end of the redirected standard output
        var errors = await error;
        lock (output) return new Result(process.ExitCode, output.ToString(), errors);
    }
}
