using AdaFtr.Grains;

namespace AdaFtr.Coordinator.Commands;

/// <summary>A job id typed on the command line, held to the one rule (<see cref="JobIds"/>) before it reaches a store path or a grain.</summary>
internal static class CliJobId
{
    /// <param name="what">The argument or flag, for the message (e.g. <c>job</c>, <c>--job</c>).</param>
    /// <exception cref="UserError">(exit 2) naming <paramref name="what"/> and the rule.</exception>
    public static string Check(string? id, string what) =>
        JobIds.Problem(id) is { } problem ? throw new UserError($"{what}: {problem}") : id!;
}
