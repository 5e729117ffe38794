using System.Text;
using AdaFtr.Grains;
using Azure.Storage.Blobs.Specialized;

namespace AdaFtr.Checkpoints;

/// <summary>
/// A write-only stream that uploads a block blob in parts: every <c>partBytes</c> written are staged as
/// one block (StageBlock), and <see cref="CommitAsync"/> stages the rest and commits the block list, which
/// is when the blob appears or is replaced. Disposed without a commit, it leaves the blob as it was (the
/// service discards uncommitted blocks). Only one part is held in memory at a time.
/// </summary>
public sealed class BlockUploadStream(BlockBlobClient blob, int partBytes) : Stream
{
    /// <summary>The service's limit on the blocks of one blob.</summary>
    public const int MaxBlocks = 50_000;

    private readonly byte[] _part = new byte[partBytes];
    private readonly List<string> _blocks = [];
    // Fresh per upload: blocks staged by another attempt at the same blob cannot mix into this one's list.
    private readonly string _upload = Guid.NewGuid().ToString("N");
    private int _filled;
    private long _written;

    public override bool CanRead => false;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _written; set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Nothing to flush: a part is staged when it is full, the blob committed by <see cref="CommitAsync"/>.</summary>
    public override void Flush() { }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            int taken = Take(buffer);
            buffer = buffer[taken..];
            if (_filled == _part.Length) StagePart();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0)
        {
            int taken = Take(buffer.Span);
            buffer = buffer[taken..];
            if (_filled == _part.Length) await StagePartAsync(cancellationToken);
        }
    }

    /// <summary>Stages what is left and commits every part in order: the blob now holds exactly what was written.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_filled > 0) await StagePartAsync(cancellationToken);
        await blob.CommitBlockListAsync(_blocks, cancellationToken: cancellationToken);
    }

    private int Take(ReadOnlySpan<byte> buffer)
    {
        int taken = Math.Min(buffer.Length, _part.Length - _filled);
        buffer[..taken].CopyTo(_part.AsSpan(_filled));
        _filled += taken;
        _written += taken;
        return taken;
    }

    private void StagePart()
    {
        using var content = new MemoryStream(_part, 0, _filled, writable: false);
        blob.StageBlock(NextBlockId(), content);
        _filled = 0;
    }

    private async Task StagePartAsync(CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(_part, 0, _filled, writable: false);
        await blob.StageBlockAsync(NextBlockId(), content, cancellationToken: cancellationToken);
        _filled = 0;
    }

    private string NextBlockId()
    {
        if (_blocks.Count == MaxBlocks)
            throw new InvalidOperationException($"{blob.Uri}: more than {MaxBlocks} parts of {_part.Length} bytes; raise {nameof(JobSpec.CheckpointPartBytes)} so that the file fits in {MaxBlocks} parts");
        // Block ids must all have the same length: a fixed-width index after the upload's id.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_upload}{_blocks.Count:D8}"));
        _blocks.Add(id);
        return id;
    }
}
