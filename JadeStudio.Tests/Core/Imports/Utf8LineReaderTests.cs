using System.Text;
using JadeStudio.Core.Imports;

namespace JadeStudio.Tests.Core.Imports;

/// <summary>An upload's lines as bytes: split where a text reader splits them, whatever the encoding's mark or the reads' sizes.</summary>
public sealed class Utf8LineReaderTests
{
    private static async Task<List<string>> LinesAsync(Stream stream)
    {
        var lines = new List<string>();
        using var reader = new Utf8LineReader(stream);
        while (await reader.FillAsync(CancellationToken.None))
        {
            while (reader.TryTake(out var line))
            {
                lines.Add(Encoding.UTF8.GetString(line));
            }
        }
        return lines;
    }

    private static List<string> ReadLines(string text)
    {
        var lines = new List<string>();
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }

    [Theory]
    [InlineData("a\nb\r\nc\rd")]
    [InlineData("{\"rev_id\": 1}\r\n\r\n{\"rev_id\": 2}\r\n")]
    [InlineData("x\r")]
    [InlineData("\n\n\r\r\n")]
    [InlineData("Žluťoučký kůň\nú\r")]
    [InlineData("")]
    public async Task Lines_break_where_a_text_reader_breaks_them_even_one_byte_per_read(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        Assert.Equal(ReadLines(text), await LinesAsync(new MemoryStream(bytes)));
        Assert.Equal(ReadLines(text), await LinesAsync(new OneByteAtATime(bytes)));
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    public async Task A_byte_order_mark_is_not_text_and_tells_the_encoding(string encoding)
    {
        var text = "{\"rev_id\": 5, \"page\": \"Řeka\"}\n42\n";
        var bytes = Encoding.GetEncoding(encoding).GetPreamble().Concat(Encoding.GetEncoding(encoding).GetBytes(text)).ToArray();

        Assert.Equal(["{\"rev_id\": 5, \"page\": \"Řeka\"}", "42"], await LinesAsync(new OneByteAtATime(bytes)));
    }

    [Fact]
    public async Task A_line_longer_than_the_buffer_comes_whole()
    {
        var longLine = new string('x', 300_000);

        Assert.Equal([longLine, "1"], await LinesAsync(new MemoryStream(Encoding.UTF8.GetBytes(longLine + "\n1"))));
    }

    /// <summary>
    /// A line longer than the reader's limit is given as too long, and the lines after it keep their numbers, however the
    /// line ends and whether it fits the buffer or not; one longer than the buffer is dropped as it is read, never held.
    /// </summary>
    [Theory]
    [InlineData(300, "\n")]
    [InlineData(300, "\r\n")]
    [InlineData(300_000, "\n")]
    [InlineData(300_000, "\r\n")]
    [InlineData(300_000, "")]
    public async Task A_line_over_the_limit_is_given_as_too_long_without_being_held(int length, string lineBreak)
    {
        var text = "short\n" + new string('x', length) + lineBreak + (lineBreak.Length > 0 ? "after\n" : "");
        foreach (var stream in new Stream[] { new MemoryStream(Encoding.UTF8.GetBytes(text)), new OneByteAtATime(Encoding.UTF8.GetBytes(text)) })
        {
            var lines = new List<string>();
            using var reader = new Utf8LineReader(stream, maxLineBytes: 100);
            while (await reader.FillAsync(CancellationToken.None))
            {
                while (reader.TryTake(out var line))
                {
                    lines.Add(reader.LineTooLong ? "(too long)" : Encoding.UTF8.GetString(line));
                }
            }

            Assert.Equal(lineBreak.Length > 0 ? ["short", "(too long)", "after"] : ["short", "(too long)"], lines);
            Assert.Equal(65_536, reader.BufferLength);
        }
    }

    [Fact]
    public void The_buffer_doubles_up_to_the_largest_array_and_a_line_beyond_it_is_refused_as_too_large()
    {
        Assert.Equal(131_072, Utf8LineReader.Grown(65_536));
        Assert.Equal(Array.MaxLength, Utf8LineReader.Grown(Array.MaxLength / 2 + 1));
        Assert.Equal(Array.MaxLength, Assert.Throws<ImportTooLargeException>(() => Utf8LineReader.Grown(Array.MaxLength)).Limit);
    }

    /// <summary>A stream that gives one byte per read, as a slow upload may.</summary>
    private sealed class OneByteAtATime(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
