namespace AdaFtr.Checkpoints;

/// <summary>The manifest's word on a file against what the store holds: the one place that says why a file is refused.</summary>
public static class CheckpointFileCheck
{
    /// <summary>Bytes read at once when a file is only hashed, not kept.</summary>
    public const int ReadBufferBytes = 1 << 20;

    /// <param name="where">The file's place in its store, for the message.</param>
    /// <exception cref="CheckpointException">naming the file, when its size or SHA-256 differs from the manifest's.</exception>
    public static void Matches(string where, CheckpointFile expected, CheckpointFile actual)
    {
        if (actual.Bytes != expected.Bytes)
            throw new CheckpointException($"{where}: {actual.Bytes} bytes, the manifest says {expected.Bytes}; the file is truncated or was replaced");
        if (actual.Sha256 != expected.Sha256)
            throw new CheckpointException($"{where}: SHA-256 {actual.Sha256} does not match the manifest's {expected.Sha256}; the file is corrupt");
    }

    public static CheckpointException Missing(string where) => new($"{where}: listed in the manifest but missing; the checkpoint is partial");

    /// <summary>Reads a stored file through to its end, without keeping it, and checks its size and SHA-256.</summary>
    /// <exception cref="CheckpointException">naming the file, when it is missing or does not match.</exception>
    public static async Task VerifyAsync(ICheckpointStore store, string name, CheckpointFile expected, CancellationToken cancellationToken = default)
    {
        var where = store.Describe(name);
        await using var hashing = new HashingStream(await store.OpenReadAsync(name, cancellationToken) ?? throw Missing(where));
        await hashing.CopyToAsync(Stream.Null, ReadBufferBytes, cancellationToken);
        Matches(where, expected, hashing.Describe(expected.Name));
    }
}
