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

    public static Task<Result> Run(TimeSpan timeout, params string[] args) => Run(new Dictionary<string, string>(), timeout, args);

    /// <param name="environment">Variables set for it (and so for the silos a `cluster up` starts), e.g. <see cref="TestMode"/>.</param>
    public static async Task<Result> Run(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
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
}
