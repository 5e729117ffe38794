namespace AdaFtr.Coordinator.Tests;

/// <summary>TorchSharp's global state (seed, threads) is shared: tests that train run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}
