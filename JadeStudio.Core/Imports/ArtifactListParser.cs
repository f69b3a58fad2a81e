using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace JadeStudio.Core.Imports;

/// <summary>One line of an uploaded list: a revision id with its extra fields, or why it is rejected.</summary>
public readonly record struct ParsedLine(long Line, long RevId, string? Data, LineError? Error);

/// <summary>
/// Reads artifact lists as researchers have them, one line at a time (never the whole file): JSON Lines
/// as Wiki Labels' task_inserts took them (<c>{"rev_id": …}</c>, other fields kept as task data), CSV or
/// TSV with a <c>rev_id</c> column, or one id per line.
/// </summary>
public static class ArtifactListParser
{
    /// <summary>Task data stays readable (page titles in any script); it is data, never inserted into HTML unescaped.</summary>
    private static readonly JsonSerializerOptions DataJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The format from the file name, else from the first non-empty line.</summary>
    public static ImportFormat Detect(string? fileName, string firstLine)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        switch (extension)
        {
            case ".jsonl" or ".ndjson" or ".json":
                return ImportFormat.JsonLines;
            case ".csv":
                return ImportFormat.Csv;
            case ".tsv" or ".tab":
                return ImportFormat.Tsv;
        }
        var trimmed = firstLine.TrimStart('\uFEFF', ' ', '\t');
        if (trimmed.StartsWith('{'))
        {
            return ImportFormat.JsonLines;
        }
        if (trimmed.Contains('\t'))
        {
            return ImportFormat.Tsv;
        }
        return trimmed.Contains(',') ? ImportFormat.Csv : ImportFormat.PlainIds;
    }

    /// <summary>Lines up to this many UTF-8 bytes are checked in a buffer on the stack; longer ones in a pooled one.</summary>
    private const int StackLine = 1024;

    /// <summary>
    /// One line read token by token (<see cref="Utf8JsonReader"/>), as <see cref="JsonDocument"/> would check it — the
    /// whole line must be valid JSON before its content is judged — without building a document per line: a million
    /// lines spent more time creating and returning documents than storing their rows.
    /// </summary>
    internal static ParsedLine JsonLine(long number, string line)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(line.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= StackLine ? stackalloc byte[StackLine] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            return JsonLine(number, buffer[..Encoding.UTF8.GetBytes(line, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    internal static ParsedLine JsonLine(long number, ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                ReadToEnd(ref reader);
                return Error(number, ImportProblem.NotAnObject, null);
            }
            (bool Found, long Id, string? Raw) revId = (false, 0, null);
            OrderedDictionary<string, string>? data = null;
            // A name given twice (rev_id too) is refused, never one of its values guessed: JSON parsers differ in which
            // they keep, and the stored data names each field once, which every reader of it relies on.
            string? twice = null;
            var nul = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRevId = reader.ValueTextEquals("rev_id"u8);
                var name = isRevId ? null : reader.GetString();
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                long id = 0;
                var isId = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out id) && id > 0;
                reader.Skip();
                var raw = utf8[start..(int)reader.BytesConsumed];
                if (HoldsEscapedNul(raw) || name?.Contains('\0', StringComparison.Ordinal) == true)
                {
                    nul = true;
                }
                if (isRevId)
                {
                    twice ??= revId.Found ? "rev_id" : null;
                    revId = (true, isId ? id : 0, isId ? null : Encoding.UTF8.GetString(raw));
                }
                else if (!(data ??= new(StringComparer.Ordinal)).TryAdd(name!, Encoding.UTF8.GetString(raw)))
                {
                    twice ??= name;
                }
            }
            ReadToEnd(ref reader);
            return revId switch
            {
                _ when twice is not null => Error(number, ImportProblem.DuplicateField, LineError.Quote(twice)),
                _ when nul => Error(number, ImportProblem.NulCharacter, null),
                { Found: false } => Error(number, ImportProblem.MissingRevId, null),
                { Raw: { } bad } => Error(number, ImportProblem.BadRevId, LineError.Quote(bad)),
                _ => new ParsedLine(number, revId.Id, data is null ? null : DataObject(data), null),
            };
        }
        catch (JsonException exception)
        {
            return Error(number, ImportProblem.MalformedJson, LineError.JsonPosition(exception));
        }
    }

    /// <summary>Whether valid JSON holds the escape <c>\u0000</c> (an escaped backslash followed by "u0000" is text, not one).</summary>
    private static bool HoldsEscapedNul(ReadOnlySpan<byte> json)
    {
        for (var i = json.IndexOf((byte)'\\'); i >= 0 && i < json.Length - 1; i++)
        {
            if (json[i] != '\\')
            {
                continue;
            }
            if (json[(i + 1)..].StartsWith("u0000"u8))
            {
                return true;
            }
            i++; // past the escaped character, a backslash included
        }
        return false;
    }

    /// <summary>The task's data as one JSON object, its fields in the order the line gave them.</summary>
    private static string DataObject(OrderedDictionary<string, string> data)
    {
        var json = new StringBuilder("{");
        foreach (var (name, value) in data)
        {
            json.Append(json.Length > 1 ? "," : "").Append(JsonSerializer.Serialize(name, DataJson)).Append(':').Append(value);
        }
        return json.Append('}').ToString();
    }

    /// <summary>Past the value just read: only white space may follow (the reader itself throws on anything else, one value per line).</summary>
    private static void ReadToEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("More than one JSON value on the line.", null, 0, reader.TokenStartIndex);
        }
    }

    internal static ParsedLine PlainLine(long number, string line) => RevIdFrom(number, line.Trim(), null);

    private static ParsedLine RevIdFrom(long number, string text, string? data)
    {
        if (text.Length == 0)
        {
            return Error(number, ImportProblem.MissingRevId, null);
        }
        return RevIdProblem(text, out var revId) is { } problem ? Error(number, problem, LineError.Quote(text)) : new ParsedLine(number, revId, data, null);
    }

    /// <summary>
    /// A revision id written as text (a bare-id, CSV or score line's): digits only, from 1 to the largest 64-bit number (as a
    /// JSON line's number), no leading zero; anything else is refused, never guessed. Null when it reads.
    /// </summary>
    internal static ImportProblem? RevIdProblem(string text, out long revId) =>
        !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out revId) || revId == 0 ? ImportProblem.BadRevId
        : text[0] == '0' ? ImportProblem.NotCanonical
        : null;

    /// <summary>A CSV or TSV row, by the header's columns: <c>rev_id</c>, and the others as task data.</summary>
    internal static ParsedLine DelimitedRow(long number, string[] record, string[] header, int revIdColumn)
    {
        // Fewer cells are missing values at the end of the row; more cannot be given to a column.
        if (record.Length > header.Length)
        {
            return Error(number, ImportProblem.CellCount, record.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var extra = header.Select((name, i) => (name, i)).Where(c => c.i != revIdColumn && c.i < record.Length && c.name.Length > 0).ToList();
        var data = extra.Count == 0 ? null : JsonSerializer.Serialize(extra.ToDictionary(c => c.name, c => record[c.i]), DataJson);
        return RevIdFrom(number, revIdColumn < record.Length ? record[revIdColumn].Trim() : "", data);
    }

    internal static ParsedLine Error(long line, ImportProblem problem, string? detail) => new(line, 0, null, new LineError(line, problem, detail));
}

/// <summary>
/// An upload's lines parsed one at a time, in order, in one <see cref="ImportFormat"/>; it keeps what later lines depend
/// on (a CSV's header, a record whose quoted field goes on over the next lines). A line of ASCII (rev ids and most task
/// data) is read as the bytes it came as; any other line is decoded first and read as text, or refused if it is not UTF-8.
/// </summary>
public sealed class ArtifactListLines(ImportFormat format)
{
    private string[]? _header;
    private int _revIdColumn = -1;

    /// <summary>
    /// A CSV or TSV record longer than this many characters is refused rather than read on: a quote left open would
    /// otherwise take the rest of the file into one record, held in memory.
    /// </summary>
    public const int MaxRecordLength = 64 * 1024;

    // A record whose quoted field holds line breaks (as spreadsheets write a cell of several lines): its lines so far, and
    // the number of its first line, the one its problems are reported at.
    private StringBuilder? _open;
    private long _openLine;
    private DelimitedLine.Reading _openReading;

    /// <summary>Set when a CSV or TSV header has no <c>rev_id</c> column or names a column twice: no later line can be read.</summary>
    public bool Refused { get; private set; }

    /// <summary>The line's revision and data, or why it is refused; null for a blank line or a header.</summary>
    public ParsedLine? Parse(long number, ReadOnlySpan<byte> utf8)
    {
        var ascii = System.Text.Ascii.IsValid(utf8);
        if (!ascii && !System.Text.Unicode.Utf8.IsValid(utf8))
        {
            // Decoded, its letters would be stored replaced; a record open over earlier lines ends here with it.
            _open = null;
            return ArtifactListParser.Error(number, ImportProblem.NotUtf8, null);
        }
        if (utf8.Contains((byte)0))
        {
            // Also what a UTF-16 file without its byte order mark looks like.
            _open = null;
            return ArtifactListParser.Error(number, ImportProblem.NulCharacter, null);
        }
        if (!ascii || _open is not null)
        {
            return Parse(number, Encoding.UTF8.GetString(utf8));
        }
        if (IsBlank(utf8))
        {
            return null;
        }
        return format == ImportFormat.JsonLines ? ArtifactListParser.JsonLine(number, utf8) : Parse(number, Encoding.ASCII.GetString(utf8));
    }

    /// <inheritdoc cref="Parse(long, ReadOnlySpan{byte})"/>
    public ParsedLine? Parse(long number, string line)
    {
        if (_open is not null)
        {
            return Continue(number, line);
        }
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }
        return format switch
        {
            ImportFormat.JsonLines => ArtifactListParser.JsonLine(number, line),
            ImportFormat.PlainIds => ArtifactListParser.PlainLine(number, line),
            ImportFormat.Csv or ImportFormat.Tsv => Delimited(number, line),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    /// <summary>The record still open at the end of the upload, refused: its quote was never closed. Null when none is.</summary>
    public ParsedLine? Finish()
    {
        if (_open is not { } open)
        {
            return null;
        }
        _open = null;
        return ArtifactListParser.Error(_openLine, ImportProblem.MalformedCsv, LineError.Quote(open.ToString()));
    }

    /// <summary>The next line of a record whose quoted field is open: the record is read once its quote closes.</summary>
    private ParsedLine? Continue(long number, string line)
    {
        // Only the new line is read for quotes: a record over many lines costs its length once, not once per line.
        _open!.Append('\n').Append(line);
        _openReading.Read("\n", Separator);
        _openReading.Read(line, Separator);
        if (_openReading.InQuotes)
        {
            // Still open: read on, up to the limit, after which the record is refused and the next line read afresh.
            return _open.Length <= MaxRecordLength ? null : Finish();
        }
        var text = _open.ToString();
        _open = null;
        return Record(_openLine, text, DelimitedLine.Split(text, Separator)!);
    }

    private char Separator => format == ImportFormat.Tsv ? '\t' : ',';

    private ParsedLine? Delimited(long number, string line)
    {
        if (DelimitedLine.Split(line, Separator) is { } record)
        {
            return Record(number, line, record);
        }
        // A quoted field that goes on over the next lines, as RFC 4180 allows.
        (_open, _openLine, _openReading) = (new StringBuilder(line), number, default);
        _openReading.Read(line, Separator);
        return null;
    }

    /// <summary>A whole record: the header first, then rows by its columns.</summary>
    private ParsedLine? Record(long number, string line, string[] record)
    {
        if (_header is null)
        {
            _header = record.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
            _revIdColumn = Array.IndexOf(_header, "rev_id");
            if (_revIdColumn < 0)
            {
                Refused = true;
                return ArtifactListParser.Error(number, ImportProblem.MissingRevIdColumn, LineError.Quote(line));
            }
            // Two columns of one name would be one field of the task's data: refused rather than one of them dropped.
            if (DelimitedLine.NamedTwice(_header) is { } twice)
            {
                Refused = true;
                return ArtifactListParser.Error(number, ImportProblem.DuplicateColumn, LineError.Quote(twice));
            }
            return null;
        }
        return ArtifactListParser.DelimitedRow(number, record, _header, _revIdColumn);
    }

    /// <summary>As <see cref="string.IsNullOrWhiteSpace"/> for ASCII (which counts the separators 0x1C–0x1F as white space too).</summary>
    private static bool IsBlank(ReadOnlySpan<byte> ascii)
    {
        foreach (var b in ascii)
        {
            if (!char.IsWhiteSpace((char)b))
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>One line of CSV/TSV (RFC 4180 quoting, doubled quotes); null when a quote is left open.</summary>
public static class DelimitedLine
{
    public static string[]? Split(string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var reading = new Reading();
        reading.Read(line, separator, field, fields);
        if (reading.InQuotes)
        {
            return null;
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }

    /// <summary>
    /// Where a record stands after the text read so far: inside a quoted field or not. Read a record's lines one after
    /// another (with the line break between them), it tells when the record ends without reading it again from its start.
    /// </summary>
    public struct Reading
    {
        // Whether the current field has any text yet: a quote opens quoting only at a field's start.
        private bool _started;

        public bool InQuotes { get; private set; }

        /// <summary>Reads on; with <paramref name="field"/> and <paramref name="fields"/>, also collects the fields' text.</summary>
        public void Read(ReadOnlySpan<char> text, char separator, StringBuilder? field = null, List<string>? fields = null)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (InQuotes && c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    Append('"', field);
                    i++;
                }
                else if (InQuotes && c == '"')
                {
                    InQuotes = false;
                }
                else if (!InQuotes && c == '"' && !_started)
                {
                    InQuotes = true;
                }
                else if (!InQuotes && c == separator)
                {
                    fields?.Add(field?.ToString() ?? "");
                    field?.Clear();
                    _started = false;
                }
                else
                {
                    Append(c, field);
                }
            }
        }

        private void Append(char c, StringBuilder? field)
        {
            field?.Append(c);
            _started = true;
        }
    }

    /// <summary>The first name a header gives two columns (names compared as written, unnamed columns aside); null when none.</summary>
    public static string? NamedTwice(IEnumerable<string> header)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return header.FirstOrDefault(name => name.Length > 0 && !seen.Add(name));
    }
}

/// <summary>
/// Counts what has been read from a stream, for progress and the size limit. It hands out the bytes within the limit
/// first and throws at the next read: every line that ends within the limit is read, so the line the limit cuts is
/// the one after the last line read, and an upload of exactly the limit is taken.
/// </summary>
public sealed class CountingStream(Stream inner, long limit) : Stream
{
    public long BytesRead { get; private set; }

    public bool LimitExceeded { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Count(LimitExceeded ? 0 : inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(LimitExceeded ? 0 : await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        if (LimitExceeded)
        {
            throw new ImportTooLargeException(limit);
        }
        if (BytesRead + read <= limit)
        {
            BytesRead += read;
            return read;
        }
        // The bytes past the limit are dropped; the next read throws.
        LimitExceeded = true;
        var within = (int)(limit - BytesRead);
        BytesRead = limit;
        if (within == 0)
        {
            throw new ImportTooLargeException(limit);
        }
        return within;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

public sealed class ImportTooLargeException(long limit) : IOException($"The upload is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}

public static class TextReaders
{
    /// <summary>
    /// Stands where the bytes were not UTF-8: a noncharacter, which no text holds, so a line that has it is refused
    /// (<see cref="ImportProblem.NotUtf8"/>) at its own number rather than where a decoder's buffer happened to be.
    /// </summary>
    public const char NotUtf8 = '\uFFFF';

    private static readonly Encoding Utf8MarkingInvalid =
        Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, new DecoderReplacementFallback(NotUtf8.ToString()));

    /// <summary>A line's UTF-8 bytes as text; bytes that are not UTF-8 read as <see cref="NotUtf8"/>.</summary>
    public static string Decode(ReadOnlySpan<byte> line) => Utf8MarkingInvalid.GetString(line);
}
