using System.Buffers;
using System.Text;

namespace JadeStudio.Core.Imports;

/// <summary>
/// A stream's lines as UTF-8 bytes in a pooled buffer, split where <see cref="StreamReader.ReadLine"/> splits them
/// (<c>\n</c>, <c>\r\n</c>, a lone <c>\r</c>), without decoding them to strings: a million-line upload was checked
/// mostly in turning each line into UTF-16 and back. A UTF-8 byte order mark is skipped; a UTF-16 or UTF-32 file (by its
/// mark) is transcoded to UTF-8 as it is read. Use: <c>while (await FillAsync()) { while (TryTake(out var line)) … }</c>.
/// </summary>
public sealed class Utf8LineReader : IDisposable
{
    private const int InitialSize = 64 * 1024;

    private Stream _source;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _start;
    private int _end;
    private bool _ended;
    private bool _started;
    private readonly int _maxLineBytes;

    /// <summary>Within a line too long to hold: its bytes are dropped as they are read, up to its line break.</summary>
    private bool _skipping;

    /// <param name="source">The upload.</param>
    /// <param name="maxLineBytes">
    /// The longest line held: a longer one is taken as <see cref="LineTooLong"/>, empty, without being held whole (one
    /// line of a 512 MB upload grew the buffer and its copies to gigabytes).
    /// </param>
    public Utf8LineReader(Stream source, int maxLineBytes = int.MaxValue) => (_source, _maxLineBytes) = (source, maxLineBytes);

    /// <summary>Whether the line <see cref="TryTake"/> gave last was longer than the reader holds (and so given empty).</summary>
    public bool LineTooLong { get; private set; }

    /// <summary>The buffer's size: what the reader holds at most.</summary>
    internal int BufferLength => _buffer.Length;

    /// <summary>Reads more of the stream; false once it has ended and every line was taken.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return _start < _end || _skipping;
        }
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_end, _start) = (_end - _start, 0);
        }
        if (_end == _buffer.Length && (_skipping || _end >= _maxLineBytes))
        {
            // A line longer than the reader holds: dropped as it is read, up to its line break.
            (_skipping, _end) = (true, 0);
        }
        else if (_end == _buffer.Length)
        {
            // One line longer than the buffer: the upload's size limit bounds it.
            var larger = ArrayPool<byte>.Shared.Rent(Grown(_buffer.Length));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        var read = await _source.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        _ended = read == 0;
        if (!_started && (_end >= 4 || _ended))
        {
            _started = true;
            StartAtTheText();
        }
        return _start < _end || !_ended || _skipping;
    }

    /// <summary>
    /// The buffer's next size for a line that does not fit: twice as large, up to the largest array .NET makes. A line
    /// longer than that (only under a size limit set above 2 GB) is refused as too large, not failed as an overflow.
    /// </summary>
    internal static int Grown(int size) =>
        size < Array.MaxLength ? (int)Math.Min(2L * size, Array.MaxLength) : throw new ImportTooLargeException(Array.MaxLength);

    /// <summary>The next whole line, without its line break; false when the buffer holds no whole line yet.</summary>
    public bool TryTake(out ReadOnlySpan<byte> line)
    {
        line = default;
        LineTooLong = false;
        if (!_started)
        {
            return false;
        }
        var pending = _buffer.AsSpan(_start, _end - _start);
        var at = pending.IndexOfAny((byte)'\n', (byte)'\r');
        if (at < 0)
        {
            if (!_ended || (pending.IsEmpty && !_skipping))
            {
                return false;
            }
            _start = _end;
            return Took(pending, out line);
        }
        if (pending[at] == '\r' && at + 1 == pending.Length && !_ended)
        {
            return false; // its \n may be in the next read
        }
        var breakLength = pending[at] == '\r' && at + 1 < pending.Length && pending[at + 1] == '\n' ? 2 : 1;
        _start += at + breakLength;
        return Took(pending[..at], out line);
    }

    /// <summary>Gives a whole line, or marks it too long (its end, when its start was dropped) and gives it empty.</summary>
    private bool Took(ReadOnlySpan<byte> whole, out ReadOnlySpan<byte> line)
    {
        LineTooLong = _skipping || whole.Length > _maxLineBytes;
        _skipping = false;
        line = LineTooLong ? default : whole;
        return true;
    }

    /// <summary>Past a UTF-8 byte order mark; for a UTF-16 or UTF-32 one, the rest is read through a transcoding stream.</summary>
    private void StartAtTheText()
    {
        var head = _buffer.AsSpan(0, _end);
        Encoding? other = head switch
        {
            [0xFF, 0xFE, 0, 0, ..] => Encoding.UTF32,
            [0, 0, 0xFE, 0xFF, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
            [0xFF, 0xFE, ..] => Encoding.Unicode,
            [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode,
            _ => null,
        };
        if (other is null)
        {
            _start = head.StartsWith("\uFEFF"u8) ? 3 : 0;
            return;
        }
        var markLength = other.Preamble.Length;
        var read = head[markLength..].ToArray();
        _source = Encoding.CreateTranscodingStream(new ReplayStream(read, _source), other, Encoding.UTF8);
        (_start, _end, _ended) = (0, 0, false);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    /// <summary>Bytes already read, then the rest of the stream.</summary>
    private sealed class ReplayStream(byte[] read, Stream rest) : Stream
    {
        private int _offset;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_offset == read.Length)
            {
                return await rest.ReadAsync(buffer, cancellationToken);
            }
            var count = Math.Min(buffer.Length, read.Length - _offset);
            read.AsMemory(_offset, count).CopyTo(buffer);
            _offset += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset == read.Length)
            {
                return rest.Read(buffer, offset, count);
            }
            var copied = Math.Min(count, read.Length - _offset);
            read.AsSpan(_offset, copied).CopyTo(buffer.AsSpan(offset));
            _offset += copied;
            return copied;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
