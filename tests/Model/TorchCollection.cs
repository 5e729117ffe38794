namespace AdaFtr.Model.Tests;

/// <summary>TorchSharp keeps native and thread-local state (seed, grad mode): its tests run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "TorchSharp";
}
