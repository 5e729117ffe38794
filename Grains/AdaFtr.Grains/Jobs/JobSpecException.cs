namespace AdaFtr.Grains.Jobs;

/// <summary>A job spec that cannot run; each line of <see cref="Errors"/> names the field.</summary>
[GenerateSerializer, Alias("adaftr.JobSpecException")]
public sealed class JobSpecException : Exception
{
    public JobSpecException(IReadOnlyList<string> errors) : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    [Id(0)] public IReadOnlyList<string> Errors { get; init; }
}
