namespace AdaFtr.Shards.Readers;

/// <summary>
/// How many unparsable rows a reader may skip (<c>--max-bad-rows N</c>) before it fails. Skipped
/// rows are counted and the first few problems kept for the summary; the row after the last
/// allowed one fails with its own <c>path:line:</c> message.
/// </summary>
public sealed class BadRowBudget(long maxBadRows = 0)
{
    private const int KeptProblems = 10;
    private readonly List<string> _problems = [];

    public static BadRowBudget None => new(0);

    public long MaxBadRows { get; } = maxBadRows >= 0 ? maxBadRows : throw new ArgumentOutOfRangeException(nameof(maxBadRows), "must be 0 or more");
    public long Skipped { get; private set; }
    public IReadOnlyList<string> FirstProblems => _problems;

    /// <summary>Counts a bad row, or throws when the budget is spent.</summary>
    public void Reject(DataFormatException problem)
    {
        if (Skipped >= MaxBadRows)
            throw MaxBadRows == 0
                ? problem
                : new DataFormatException(problem.Path, problem.Line, $"{problem.Problem} (more than --max-bad-rows {MaxBadRows} bad rows)");
        Skipped++;
        if (_problems.Count < KeptProblems) _problems.Add(problem.Message);
    }
}
