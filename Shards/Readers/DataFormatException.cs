namespace AdaFtr.Shards.Readers;

/// <summary>Input that does not parse; the message starts with <c>path:line:</c>.</summary>
public sealed class DataFormatException(string path, long line, string problem)
    : Exception($"{path}:{line}: {problem}")
{
    public string Path { get; } = path;
    public long Line { get; } = line;
    public string Problem { get; } = problem;
}
