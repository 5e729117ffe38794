using AdaFtr.Grains;

namespace AdaFtr.Checkpoints;

/// <summary>Names inside a store: <c>{job}/{step:D10}/</c> with one file per PS shard, the data progress, the spec, and the manifest.</summary>
public static class CheckpointLayout
{
    public const string ManifestName = "manifest.json";
    public const string ProgressName = "progress.json";
    public const string SpecName = "spec.json";

    /// <exception cref="ArgumentException">the job is not a job id (<see cref="JobIds"/>): no path is made from it.</exception>
    public static string Folder(string job, long step) => $"{JobIds.Require(job, nameof(job))}/{step:D10}";

    public static string ShardName(int shard) => $"ps{shard}.safetensors";

    public static string Path(string job, long step, string file) => $"{Folder(job, step)}/{file}";

    /// <summary>The step a folder name stands for, or null when it is not a step folder.</summary>
    public static long? StepOf(string folder) =>
        folder.Length == 10 && long.TryParse(folder, System.Globalization.NumberStyles.None, null, out var step) ? step : null;
}
