using AdaFtr.Grains;

namespace AdaFtr.Checkpoints;

/// <summary>
/// A checkpoint whose every file matched its manifest's size and SHA-256. The shard files stay in
/// <see cref="Store"/>: a reader streams them from there and checks them again against the manifest as it reads.
/// </summary>
public sealed record VerifiedCheckpoint(CheckpointManifest Manifest, JobSpec Spec, CheckpointProgress Progress, ICheckpointStore Store)
{
    /// <summary>The manifest's entry (name, size, SHA-256) for parameter shard <paramref name="shard"/>'s file.</summary>
    public CheckpointFile ShardFile(int shard) => Manifest.Files.Single(f => f.Name == CheckpointLayout.ShardName(shard));

    /// <summary>A file's name in <see cref="Store"/>.</summary>
    public string PathOf(string file) => CheckpointLayout.Path(Manifest.Job, Manifest.Step, file);
}
