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
            Probe(root);
            return root;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"checkpoint directory '{root}' is not writable ({e.Message}); pass {flag} with a folder you can write to");
        }
    }

    /// <summary>Like <see cref="EnsureWritable"/>, without creating the folder (`adaftr doctor` only looks): a missing one is checked at the nearest folder above it that exists.</summary>
    public static string CheckWritable(string folder, string flag)
    {
        var root = Path.GetFullPath(folder);
        try
        {
            var existing = root;
            while (!Directory.Exists(existing))
            {
                if (File.Exists(existing)) throw new IOException($"{existing} is a file");
                existing = Path.GetDirectoryName(existing) ?? throw new IOException($"no folder of {root} exists");
            }
            Probe(existing);
            return root;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"checkpoint directory '{root}' is not writable ({e.Message}); pass {flag} with a folder you can write to");
        }
    }

    private static void Probe(string folder)
    {
        var probe = Path.Combine(folder, $".write-probe-{Environment.ProcessId}");
        File.WriteAllText(probe, "");
        File.Delete(probe);
    }
}
