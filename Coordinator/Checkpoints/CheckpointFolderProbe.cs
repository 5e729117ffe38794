namespace AdaFtr.Coordinator.Checkpoints;

/// <summary>Fails early, with what to do, when a local checkpoint folder cannot be created or written (before a run spends time training).</summary>
public static class CheckpointFolderProbe
{
    /// <returns>The folder's full path.</returns>
    public static string EnsureWritable(string folder, string flag)
    {
        var root = Path.GetFullPath(folder);
        try
        {
            Directory.CreateDirectory(root);
            var probe = Path.Combine(root, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return root;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"checkpoint directory '{root}' is not writable ({e.Message}); pass {flag} with a folder you can write to");
        }
    }
}
