namespace AdaFtr.Coordinator;

/// <summary>A problem the user can fix; printed without a stack trace. The message says what to do.</summary>
public sealed class UserError(string message, int exitCode = ExitCodes.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
