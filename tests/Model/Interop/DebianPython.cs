using System.Diagnostics;

namespace AdaFtr.Model.Tests.Interop;

/// <summary>
/// Finds a python3 that has PyTorch and runs scripts with it, for the tests that check our tensors
/// in PyTorch. Compiled into both the Model and the Coordinator test projects.
/// </summary>
internal static class DebianPython
{
    /// <summary>A python3 with torch and numpy, or null. Debian's python3-torch lives under /usr/bin/python3; a pyenv python3 earlier on PATH lacks it.</summary>
    public static readonly Lazy<string?> WithTorch = new(() =>
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try { if (Run(candidate, "-c", "import torch, numpy").Exit == 0) return candidate; }
            catch (System.ComponentModel.Win32Exception) { /* not installed under that name */ }
        }
        return null;
    });

    /// <returns>The exit code and everything printed; −1 when it ran past 2 minutes and was killed.</returns>
    public static (int Exit, string Output) Run(string python, params string[] arguments)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            return (-1, $"{python} did not finish within 2 minutes\n{stdout}");
        }
        return (process.ExitCode, stdout + stderr.Result);
    }
}
