using System.Buffers;

namespace Buurtbudget.Storage.Postgres;

/// <summary>Reads a <see cref="ReadOnlySequence{T}"/> of bytes as a stream, so that a large value in segments goes to
/// the server as a bytea parameter without first being copied into one array.</summary>
internal sealed class SequenceReadStream(ReadOnlySequence<byte> sequence) : Stream
{
    private long _position;

    // Where _position is in the sequence, so that reading on does not walk the segments from the start each time.
    private SequencePosition? _cursor;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => sequence.Length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
            _cursor = null;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= sequence.Length)
        {
            return 0;
        }

        var remaining = sequence.Slice(_cursor ?? sequence.GetPosition(_position));
        var take = (int)Math.Min(buffer.Length, remaining.Length);
        remaining.Slice(0, take).CopyTo(buffer);
        _position += take;
        _cursor = remaining.GetPosition(take);
        return take;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => sequence.Length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
