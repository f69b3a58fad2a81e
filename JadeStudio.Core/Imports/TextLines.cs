namespace JadeStudio.Core.Imports;

/// <summary>
/// An upload's lines as text, each at most a number of bytes (<see cref="Utf8LineReader"/>: a longer one is given empty,
/// with <see cref="LineTooLong"/>, without being held); bytes that are not UTF-8 read as <see cref="TextReaders.NotUtf8"/>.
/// </summary>
public sealed class TextLines(Stream stream, int maxLineBytes) : IDisposable
{
    private readonly Utf8LineReader _lines = new(stream, maxLineBytes);

    /// <summary>Whether the line read last was too long (and so read as empty).</summary>
    public bool LineTooLong { get; private set; }

    /// <summary>The next line without its line break, or null at the end.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTake() is { } line)
            {
                return line;
            }
            if (!await _lines.FillAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    private string? TryTake()
    {
        if (!_lines.TryTake(out var bytes))
        {
            return null;
        }
        LineTooLong = _lines.LineTooLong;
        return LineTooLong ? "" : TextReaders.Decode(bytes);
    }

    public void Dispose() => _lines.Dispose();
}
