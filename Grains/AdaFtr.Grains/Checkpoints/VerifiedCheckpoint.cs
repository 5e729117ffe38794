namespace AdaFtr.Grains.Checkpoints;

/// <summary>A checkpoint whose every file matched its manifest's size and SHA-256; the bytes are those checked.</summary>
public sealed record VerifiedCheckpoint(CheckpointManifest Manifest, JobSpec Spec, CheckpointProgress Progress, IReadOnlyDictionary<string, byte[]> Files);
