namespace AdaFtr.Grains.Schedules;

/// <summary>A schedule spec that cannot run; each line of <see cref="Errors"/> names the field.</summary>
[GenerateSerializer, Alias("adaftr.ScheduleSpecException")]
public sealed class ScheduleSpecException : Exception
{
    public ScheduleSpecException(IReadOnlyList<string> errors) : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    [Id(0)] public IReadOnlyList<string> Errors { get; init; }
}
