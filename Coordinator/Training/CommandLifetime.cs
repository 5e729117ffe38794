using Microsoft.Extensions.Hosting;

namespace AdaFtr.Coordinator.Training;

/// <summary>
/// The lifetime of an Orleans host inside an <c>adaftr</c> command: the command starts and stops it, and Ctrl-C
/// belongs to the command (<see cref="Console.StopSignals"/>), not to the host's default console lifetime, which
/// would stop the embedded silo under a job that is still finishing its step and checkpoint.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
