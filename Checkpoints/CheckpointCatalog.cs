using AdaFtr.Grains;

namespace AdaFtr.Checkpoints;

/// <summary>
/// Reads a job's checkpoints from a store: lists the ones with a manifest, and loads the newest
/// one whose files all match the manifest, refusing (with the reason) every newer one that does not.
/// </summary>
public sealed class CheckpointCatalog(ICheckpointStore store)
{
    public ICheckpointStore Store => store;

    /// <summary>Job ids in the store; a folder whose name is no job id (<see cref="JobIds"/>) holds no job's checkpoints.</summary>
    public async Task<IReadOnlyList<string>> JobsAsync(CancellationToken cancellationToken = default) =>
        (await store.FoldersAsync("", cancellationToken)).Where(JobIds.IsValid).ToList();

    /// <summary>Steps that have a step folder, newest first, with or without a manifest.</summary>
    public async Task<IReadOnlyList<long>> StepFoldersAsync(string job, CancellationToken cancellationToken = default) =>
        (await store.FoldersAsync(JobIds.Require(job, nameof(job)), cancellationToken)).Select(CheckpointLayout.StepOf).OfType<long>().OrderDescending().ToList();

    /// <summary>The manifests of the job's checkpoints (unverified), newest first; folders without one are not checkpoints.</summary>
    public async Task<IReadOnlyList<CheckpointManifest>> ManifestsAsync(string job, CancellationToken cancellationToken = default)
    {
        var manifests = new List<CheckpointManifest>();
        foreach (var step in await StepFoldersAsync(job, cancellationToken))
            if (await ManifestAsync(job, step, cancellationToken) is { } manifest) manifests.Add(manifest);
        return manifests;
    }

    /// <summary>The manifest of one checkpoint, or null when the folder has none (a partial checkpoint).</summary>
    public async Task<CheckpointManifest?> ManifestAsync(string job, long step, CancellationToken cancellationToken = default)
    {
        var name = CheckpointLayout.Path(job, step, CheckpointLayout.ManifestName);
        var bytes = await store.ReadAsync(name, cancellationToken);
        return bytes is null ? null : CheckpointManifest.Parse(store.Describe(name), bytes);
    }

    /// <summary>The newest checkpoint that verifies, or null when there is none.</summary>
    /// <param name="onRefused">Told each newer checkpoint that was refused, with why.</param>
    public async Task<VerifiedCheckpoint?> NewestValidAsync(string job, Action<long, string> onRefused, CancellationToken cancellationToken = default)
    {
        foreach (var step in await StepFoldersAsync(job, cancellationToken))
        {
            try
            {
                return await LoadAsync(job, step, cancellationToken);
            }
            catch (CheckpointException e)
            {
                onRefused(step, e.Message);
            }
        }
        return null;
    }

    /// <summary>
    /// Loads one checkpoint and checks every file against the manifest. The spec and progress are kept; the
    /// shard files, which can be larger than memory allows, are read through (streamed, hashed) and left in the store.
    /// </summary>
    /// <exception cref="CheckpointException">naming the missing manifest or the file that does not match.</exception>
    public async Task<VerifiedCheckpoint> LoadAsync(string job, long step, CancellationToken cancellationToken = default)
    {
        var manifest = await ManifestAsync(job, step, cancellationToken)
            ?? throw new CheckpointException($"{store.Describe(CheckpointLayout.Folder(job, step))}: no {CheckpointLayout.ManifestName}, so not a checkpoint (an upload that never finished)");
        if (manifest.Step != step || manifest.Job != job)
            throw new CheckpointException($"{store.Describe(CheckpointLayout.Path(job, step, CheckpointLayout.ManifestName))}: says job {manifest.Job} step {manifest.Step}, but lies in {job}/{step:D10}");
        var small = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            var name = CheckpointLayout.Path(job, step, file.Name);
            if (file.Name is not (CheckpointLayout.SpecName or CheckpointLayout.ProgressName))
            {
                await CheckpointFileCheck.VerifyAsync(store, name, file, cancellationToken);
                continue;
            }
            var bytes = await store.ReadAsync(name, cancellationToken) ?? throw CheckpointFileCheck.Missing(store.Describe(name));
            CheckpointFileCheck.Matches(store.Describe(name), file, CheckpointFile.Of(file.Name, bytes));
            small[file.Name] = bytes;
        }
        string Required(string name) => manifest.Files.Any(f => f.Name == name) ? name
            : throw new CheckpointException($"{store.Describe(CheckpointLayout.Path(job, step, CheckpointLayout.ManifestName))}: lists no {name}");
        var specBytes = small[Required(CheckpointLayout.SpecName)];
        if (JobSpecJson.Sha256(specBytes) != manifest.SpecSha256)
            throw new CheckpointException($"{store.Describe(CheckpointLayout.Path(job, step, CheckpointLayout.SpecName))}: its hash differs from the manifest's spec_sha256");
        var spec = JobSpecJson.Parse(store.Describe(CheckpointLayout.Path(job, step, CheckpointLayout.SpecName)), specBytes);
        var progress = CheckpointProgress.Parse(store.Describe(CheckpointLayout.Path(job, step, CheckpointLayout.ProgressName)), small[Required(CheckpointLayout.ProgressName)]);
        for (int s = 0; s < spec.ParameterShards; s++) Required(CheckpointLayout.ShardName(s));
        return new VerifiedCheckpoint(manifest, spec, progress, store);
    }
}
