namespace AdaFtr.Silo.Configuration;

/// <summary>Settings that cannot be used; each line names the field.</summary>
public sealed class SiloConfigurationException(IReadOnlyList<string> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
