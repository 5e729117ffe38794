using AdaFtr.Coordinator.Cluster;
using AdaFtr.Coordinator.Training;

namespace AdaFtr.Integration.Tests;

/// <summary>An Azurite table service this backend owns (started here, stopped by its pid on dispose): <c>cluster up --clustering azure</c>.</summary>
public sealed class AzureTableClusterBackend : ClusterBackend
{
    public const string Name = "azure";
    private readonly AzuriteProcess _azurite = AzuriteProcess.Table();

    public override IReadOnlyList<string> UpArguments => ["--clustering", ClusterAddress.AzureKeyword];
    public override IReadOnlyDictionary<string, string> AdaftrEnvironment =>
        new Dictionary<string, string> { [AzureTableClusterAddress.ConnectionVariable] = _azurite.ConnectionString };
    public override string ClientAddress(ClusterState state) => ClusterAddress.AzureKeyword;

    public override void Dispose() => _azurite.Dispose();
}
