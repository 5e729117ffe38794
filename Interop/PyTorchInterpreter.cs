using System.ComponentModel;
using System.Diagnostics;

namespace AdaFtr.Model.Interop;

/// <summary>
/// A python3 that can import torch and numpy, and the runs of scripts with it: the PyTorch side of
/// the parity tests, the export check and <c>adaftr bench model --vs-pytorch</c>.
/// </summary>
public sealed class PyTorchInterpreter(string executable)
{
    /// <summary>Debian's python3-torch lives under /usr/bin/python3; a pyenv or venv python3 earlier on PATH usually lacks it.</summary>
    public static readonly IReadOnlyList<string> Candidates = ["/usr/bin/python3", "python3"];

    /// <summary>The first of <see cref="Candidates"/> with torch, looked for once per process; null when none has it.</summary>
    public static readonly Lazy<PyTorchInterpreter?> Installed = new(() => Find(Candidates));

    /// <summary>What to tell a user who has none.</summary>
    public const string InstallHint = "no python3 with torch and numpy (looked for /usr/bin/python3, then python3 on PATH): apt-get install -y python3-torch";

    public string Executable { get; } = executable;

    /// <returns>The first candidate that runs and imports torch and numpy, or null.</returns>
    public static PyTorchInterpreter? Find(IEnumerable<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            var interpreter = new PyTorchInterpreter(candidate);
            try { if (interpreter.Run(TimeSpan.FromMinutes(1), "-c", "import torch, numpy").ExitCode == 0) return interpreter; }
            catch (Win32Exception) { /* no such executable: try the next */ }
        }
        return null;
    }

    /// <summary>Runs python with <paramref name="arguments"/>; a run past <paramref name="timeout"/> is killed and reported as exit code −1.</summary>
    /// <exception cref="Win32Exception">The executable cannot be started.</exception>
    public PythonRun Run(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new PythonRun(-1, stdout.Result, $"{stderr.Result}{Executable} did not finish within {timeout.TotalSeconds:0} s and was stopped\n");
        }
        return new PythonRun(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>One finished python run: its exit code (−1 when stopped for running too long) and what it printed.</summary>
public sealed record PythonRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Both streams, stdout first: for failure messages.</summary>
    public string Output => Stdout + Stderr;
}
