using AdaFtr.Grains;

namespace AdaFtr.Checkpoints;

/// <summary>
/// Completes a checkpoint whose shard files are uploaded: writes the spec and the data progress,
/// then creates the manifest only if absent, and applies retention. Every write is retried with backoff.
/// </summary>
public sealed class CheckpointPublisher(ICheckpointStore store, JobSpec spec, Action<string, int, Exception> onRetry)
{
    /// <param name="shardFiles">Name, size and SHA-256 of each uploaded shard file, in shard order.</param>
    /// <returns>False when a manifest was already there (another writer's): it and the files it vouches for are left as they were.</returns>
    public async Task<bool> PublishAsync(long step, IReadOnlyList<CheckpointFile> shardFiles, CheckpointProgress progress,
        IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken = default)
    {
        if (await PublishedStep.IsPublishedAsync(store, spec.JobId, step, cancellationToken)) return false;
        var specJson = JobSpecJson.ToJson(spec);
        var progressJson = progress.ToJson();
        await Write(step, CheckpointLayout.SpecName, specJson, cancellationToken);
        await Write(step, CheckpointLayout.ProgressName, progressJson, cancellationToken);
        var files = shardFiles.Append(CheckpointFile.Of(CheckpointLayout.SpecName, specJson)).Append(CheckpointFile.Of(CheckpointLayout.ProgressName, progressJson)).ToList();
        var manifest = new CheckpointManifest(spec.JobId, step, DateTimeOffset.UtcNow, JobSpecJson.Sha256(specJson), files, metrics);
        var name = CheckpointLayout.Path(spec.JobId, step, CheckpointLayout.ManifestName);
        bool created = false;
        await Retry(name, async token => created = await store.TryCreateNewAsync(name, manifest.ToJson(), token), cancellationToken);
        return created;
    }

    /// <summary>
    /// Deletes what retention does not keep: checkpoints beyond the newest N and the best, never the newest one that verifies,
    /// and manifest-less folders older than <paramref name="newest"/> (uploads given up).
    /// </summary>
    /// <returns>The deleted steps.</returns>
    public async Task<IReadOnlyList<long>> ApplyRetentionAsync(long newest, CancellationToken cancellationToken = default)
    {
        var catalog = new CheckpointCatalog(store);
        var manifests = await catalog.ManifestsAsync(spec.JobId, cancellationToken);
        var withManifest = manifests.Select(m => m.Step).ToHashSet();
        var abandoned = (await catalog.StepFoldersAsync(spec.JobId, cancellationToken)).Where(s => s < newest && !withManifest.Contains(s));
        var deleted = CheckpointRetention.ToDelete(manifests, spec.CheckpointKeepLast, spec.CheckpointBestMetric).ToList();
        if (deleted.Count > 0)
        {
            // Verified before anything goes: keep-last counts manifests, and a corrupt newest one must not leave the job
            // with no checkpoint that loads. The newest that verifies always stays; when none does, no checkpoint is deleted.
            var newestValid = await catalog.NewestValidAsync(spec.JobId, (_, _) => { }, cancellationToken);
            if (newestValid is null) deleted.Clear();
            else deleted.Remove(newestValid.Manifest.Step);
        }
        deleted = deleted.Concat(abandoned).Order().ToList();
        foreach (var step in deleted)
            await store.DeleteFolderAsync(CheckpointLayout.Folder(spec.JobId, step), cancellationToken);
        return deleted;
    }

    private Task Write(long step, string file, byte[] content, CancellationToken cancellationToken)
    {
        var name = CheckpointLayout.Path(spec.JobId, step, file);
        return Retry(name, token => store.WriteAsync(name, content, token), cancellationToken);
    }

    private Task Retry(string name, Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        StoreRetry.RunAsync(operation, spec.CheckpointUploadAttempts, spec.CheckpointRetryBackoff, (attempt, error) => onRetry(name, attempt, error), cancellationToken);
}
