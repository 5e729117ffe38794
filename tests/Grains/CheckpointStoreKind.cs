using AdaFtr.Checkpoints;

namespace AdaFtr.Grains.Tests;

/// <summary>A checkpoint store for one test: a temporary folder, or a container in an Azurite started for the test.</summary>
internal sealed class CheckpointStoreKind : IDisposable
{
    private readonly string? _folder;

    private CheckpointStoreKind(string location, string? folder, AzuriteProcess? azurite)
    {
        Location = location;
        _folder = folder;
        Azurite = azurite;
    }

    public string Location { get; }

    public AzuriteProcess? Azurite { get; }

    public ICheckpointStore Open() => CheckpointStores.Open(Location);

    public static CheckpointStoreKind Create(string kind)
    {
        if (kind == "directory")
        {
            var folder = Directory.CreateTempSubdirectory("adaftr-checkpoints-").FullName;
            return new CheckpointStoreKind(folder, folder, null);
        }
        var azurite = new AzuriteProcess();
        // The silos of an in-process cluster read the account from the environment, as real silos do.
        Environment.SetEnvironmentVariable(CheckpointStores.ConnectionStringVariable, azurite.ConnectionString);
        return new CheckpointStoreKind($"az://checkpoints-{Guid.NewGuid():N}"[..30] + "/runs", null, azurite);
    }

    public void Dispose()
    {
        Azurite?.Dispose();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }
}
