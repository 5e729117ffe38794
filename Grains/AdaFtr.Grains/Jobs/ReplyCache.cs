using AdaFtr.Grains.Wire;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// The replies a parameter shard gave, by version and worker, for the current and the previous version: a window
/// restarted after a failure may ask for the version before this shard's last step, which only these still hold.
/// </summary>
internal sealed class ReplyCache
{
    private readonly Dictionary<(long Version, int Worker), Reply> _replies = [];

    public sealed record Reply(long Version, long[] RowIds, IReadOnlyList<IReadOnlyList<TensorPiece>> Chunks)
    {
        public ShardReply First => new(Version, Chunks.Count, Chunks[0]);
    }

    public Reply Add(long version, int worker, long[] rowIds, IReadOnlyList<IReadOnlyList<TensorPiece>> chunks) =>
        _replies[(version, worker)] = new Reply(version, rowIds, chunks);

    /// <summary>The reply to <paramref name="worker"/> at <paramref name="version"/>, when it was for the same rows.</summary>
    public Reply? Find(long version, int worker, long[]? rowIds = null) =>
        _replies.TryGetValue((version, worker), out var reply) && (rowIds is null || ReferenceEquals(rowIds, reply.RowIds) || rowIds.AsSpan().SequenceEqual(reply.RowIds))
            ? reply : null;

    public void KeepFrom(long version)
    {
        foreach (var key in _replies.Keys.Where(k => k.Version < version).ToList()) _replies.Remove(key);
    }

    public void Clear() => _replies.Clear();
}
