namespace AdaFtr.Coordinator.Training;

/// <summary>A folder this command writes and nobody else reads: removed when the command is done with it, if it was made.</summary>
public sealed class TemporaryFolder(string path) : IDisposable
{
    public void Dispose()
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }
}
