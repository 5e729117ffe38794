namespace AdaFtr.Checkpoints;

/// <summary>
/// A step whose manifest exists is published, and its files are final: a second writer of the same step (a job
/// restarted on another silo, a stale upload finishing late) must not replace a file the manifest vouches for,
/// or the one good copy turns into a checksum failure.
/// </summary>
public static class PublishedStep
{
    public static async Task<bool> IsPublishedAsync(ICheckpointStore store, string job, long step, CancellationToken cancellationToken = default) =>
        await store.ReadAsync(CheckpointLayout.Path(job, step, CheckpointLayout.ManifestName), cancellationToken) is not null;

    /// <exception cref="CheckpointException">naming the manifest, when the step is published already.</exception>
    public static async Task ThrowIfPublishedAsync(ICheckpointStore store, string job, long step, string file, CancellationToken cancellationToken = default)
    {
        if (await IsPublishedAsync(store, job, step, cancellationToken))
            throw new CheckpointException($"{store.Describe(CheckpointLayout.Path(job, step, CheckpointLayout.ManifestName))}: step {step} of job {job} is published; {file} is not written over (another writer got there first)");
    }
}
