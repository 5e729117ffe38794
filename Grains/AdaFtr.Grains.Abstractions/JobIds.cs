namespace AdaFtr.Grains;

/// <summary>
/// The one rule for a job id, wherever one enters: the CLI, a job spec, a warm-start reference, a checkpoint path.
/// A job id names a folder in every checkpoint store and prefixes grain keys, so it must stay one plain path
/// segment: <c>.</c> or <c>..</c> would put checkpoints at the store's root or above it, a '/' anywhere else.
/// </summary>
public static class JobIds
{
    /// <summary>Longest id accepted: room for a schedule's run ids (a 64-character name and a suffix), short enough for any store's path limit.</summary>
    public const int MaxLength = 128;

    /// <summary>What is wrong with <paramref name="id"/> as a job id, or null when it is one.</summary>
    public static string? Problem(string? id)
    {
        const string Rule = "must be 1 to 128 letters, digits, '-', '_' or '.', and not '.' or '..'";
        if (string.IsNullOrEmpty(id)) return $"an empty job id {Rule}";
        var shown = id.Length > 40 ? $"'{id[..40]}…' ({id.Length} characters)" : $"'{id}'";
        if (id.Length > MaxLength) return $"{shown} is longer than {MaxLength} characters; a job id {Rule}";
        if (id is "." or "..") return $"{shown} names a folder's parent or itself; a job id {Rule}";
        if (id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))) return $"{shown}: a job id {Rule}";
        return null;
    }

    public static bool IsValid(string? id) => Problem(id) is null;

    /// <returns><paramref name="id"/>, when it is a job id.</returns>
    /// <exception cref="ArgumentException">naming <paramref name="field"/> and the rule.</exception>
    public static string Require(string? id, string field) =>
        Problem(id) is { } problem ? throw new ArgumentException($"{field}: {problem}", field) : id!;
}
