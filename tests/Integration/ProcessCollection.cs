namespace AdaFtr.Integration.Tests;

/// <summary>Tests that start clusters of processes run one at a time: they share two cores and the loopback ports.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "processes";
}
