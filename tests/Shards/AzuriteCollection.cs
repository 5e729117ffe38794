
namespace AdaFtr.Shards.Tests;

/// <summary>One Azurite for the blob store tests of this project.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteProcess>
{
    public const string Name = nameof(AzuriteCollection);
}
