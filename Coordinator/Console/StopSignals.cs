using System.Runtime.InteropServices;

namespace AdaFtr.Coordinator.Console;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for the whole command. The first cancels <see cref="Token"/>, and the verb stops
/// at its next safe point (`train` finishes the step in flight and checkpoints); the second ends the process at
/// once with <see cref="ExitCodes.Cancelled"/>. The Orleans hosts in this process leave both signals to it
/// (<see cref="Training.CommandLifetime"/>).
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TextWriter _error;
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _received;

    public StopSignals(TextWriter error)
    {
        _error = error;
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _stop.Token;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _received) == 1)
        {
            _error.WriteLine($"{context.Signal}: stopping at the next safe point; press Ctrl-C again to stop at once");
            // Not on the signal thread: the token's callbacks may take a while.
            _ = Task.Run(_stop.Cancel);
            return;
        }
        _error.WriteLine($"{context.Signal} again: stopped at once, without a checkpoint");
        _error.Flush();
        if (OperatingSystem.IsWindows()) Environment.Exit(ExitCodes.Cancelled);
        // Not Environment.Exit: its shutdown runs native destructors under libtorch threads still computing, and segfaults.
        ExitNow(ExitCodes.Cancelled);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitNow(int status);

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }
}
