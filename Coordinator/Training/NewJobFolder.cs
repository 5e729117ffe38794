using AdaFtr.Checkpoints;

namespace AdaFtr.Coordinator.Training;

/// <summary>
/// The folder a new job writes its data shards and checkpoints to, {store}/{job}/, which was free when the run began:
/// a start that fails removes it, so the job id stays free for the next try (not a folder `--resume` and
/// `checkpoints delete` would refuse).
/// </summary>
public sealed class NewJobFolder(ICheckpointStore store, string job)
{
    /// <summary>Removes the folder; the job's data copied to a local temporary folder (https:// stores) too.</summary>
    public async Task RemoveAsync()
    {
        await store.DeleteFolderAsync(job);
        var temporary = TemporaryData(job);
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
    }

    /// <summary>Where a job checkpointing to https:// keeps its data shards: the shard readers do not take that store's credential.</summary>
    public static string TemporaryData(string job) => Path.Combine(Path.GetTempPath(), "adaftr", job);
}
