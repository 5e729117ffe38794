using AdaFtr.Checkpoints;
using AdaFtr.Grains;

namespace AdaFtr.Coordinator.Tests;

/// <summary>A folder checkpoint store with checkpoints published the way a job publishes them (tiny shard files), to damage and delete.</summary>
internal sealed class StoredCheckpoints : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("adaftr-stored-").FullName;

    /// <summary>The store's folder; <see cref="Root"/> is its parent, where nothing may ever be written or deleted.</summary>
    public string Store => Path.Combine(Root, "store");

    public DirectoryCheckpointStore Open() => new(Store);

    public string StepFolder(string job, long step) => Path.Combine(Store, job, $"{step:D10}");

    public async Task PublishAsync(string job, params long[] steps)
    {
        var store = Open();
        var spec = new JobSpec { JobId = job, ModelConfigJson = "{}", ShardDirectory = "unused", ParameterShards = 1 };
        foreach (var step in steps)
        {
            var shard = new byte[] { 1, 2, 3, (byte)step };
            await store.WriteAsync(CheckpointLayout.Path(job, step, CheckpointLayout.ShardName(0)), shard);
            (await new CheckpointPublisher(store, spec, (_, _, error) => throw error).PublishAsync(step, [CheckpointFile.Of(CheckpointLayout.ShardName(0), shard)],
                new CheckpointProgress(step, [null], [0.5]), new Dictionary<string, double> { ["train_loss"] = 0.5 })).Should().BeTrue();
        }
    }

    /// <summary>Replaces a file of a published checkpoint and re-vouches for it in the manifest, so only its content is wrong.</summary>
    public void ReplaceVouched(string job, long step, string file, byte[] content)
    {
        File.WriteAllBytes(Path.Combine(StepFolder(job, step), file), content);
        var manifestPath = Path.Combine(StepFolder(job, step), CheckpointLayout.ManifestName);
        var manifest = CheckpointManifest.Parse(manifestPath, File.ReadAllBytes(manifestPath));
        var files = manifest.Files.Select(f => f.Name == file ? CheckpointFile.Of(file, content) : f).ToList();
        File.WriteAllBytes(manifestPath, (manifest with { Files = files }).ToJson());
    }

    /// <summary>Breaks a checkpoint's shard file: its bytes no longer match the manifest's SHA-256.</summary>
    public void Corrupt(string job, long step) => File.WriteAllBytes(Path.Combine(StepFolder(job, step), CheckpointLayout.ShardName(0)), [9, 9, 9, 9]);

    /// <summary>A history.json as a job writes it, in <paramref name="state"/>.</summary>
    public Task WriteHistoryAsync(string job, JobState state)
    {
        var now = DateTimeOffset.UtcNow;
        var history = new JobHistory(job, state, null, null, now, null, now, 20, 0, 1, 20, 0, 0, 0, [0.5], [], []);
        return Open().WriteAsync(JobHistory.PathOf(job), history.ToJson());
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
