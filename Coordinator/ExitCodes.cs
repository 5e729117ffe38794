namespace AdaFtr.Coordinator;

/// <summary>What <c>adaftr</c>'s exit code means, for scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Unknown verb or flag, or a bad value (also System.CommandLine's parse errors).</summary>
    public const int Usage = 1;
    /// <summary>Input the user gave cannot be used: missing file, unparsable data, unwritable folder.</summary>
    public const int BadInput = 2;
    /// <summary>The environment is not ready (e.g. libtorch does not load); <c>adaftr doctor</c> says what to fix.</summary>
    public const int Environment = 3;
    /// <summary>A training job paused, failed or was cancelled; the message says why and what to do.</summary>
    public const int JobFailed = 4;
    /// <summary>Ctrl-C (SIGINT): the shell's 128 + 2. A training job is cancelled with it.</summary>
    public const int Cancelled = 130;
    /// <summary>A bug or an unexpected failure; rerun with --verbose for the stack trace.</summary>
    public const int Internal = 70;
}
