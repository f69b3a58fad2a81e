using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace JadeStudio.Core.Dumps;

/// <summary>One file of a dump as the manifest lists it.</summary>
public sealed record DumpFile(string Name, long Bytes, string Sha256);

/// <summary>
/// Writes one table as JSON Lines (gzip) and Parquet at once. Each page of rows goes to the JSON Lines file at once and
/// into typed column buffers (no boxed values, strings shared with the page), which become one Parquet row group every
/// <see cref="DumpOptions.RowGroupRows"/> rows: memory holds one row group's columns, however many rows the table has,
/// and the file's footer one entry per row group (smaller groups would make it grow with the table).
/// </summary>
public sealed class DumpTableWriter : IAsyncDisposable
{
    private readonly DumpTable _table;
    private readonly FileStream _jsonFile;
    private readonly GZipStream _gzip;
    private readonly Utf8JsonWriter _json;
    private readonly FileStream _parquetFile;
    private readonly ParquetWriter _parquet;
    private readonly ParquetSchema _schema;
    private readonly int _rowGroupRows;
    private readonly IColumnBuffer[] _columns;
    private int _buffered;

    public long Rows { get; private set; }

    private DumpTableWriter(DumpTable table, FileStream jsonFile, FileStream parquetFile, ParquetWriter parquet, ParquetSchema schema, int rowGroupRows)
    {
        _table = table;
        _jsonFile = jsonFile;
        _gzip = new GZipStream(jsonFile, CompressionLevel.Fastest);
        // Relaxed escaping: files for programs, never embedded in HTML; quotes stay \" instead of \u0022.
        _json = new Utf8JsonWriter(_gzip, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _parquetFile = parquetFile;
        _parquet = parquet;
        _schema = schema;
        _rowGroupRows = rowGroupRows;
        _columns = table.Columns.Select(c => ColumnBuffer(c.Type, rowGroupRows)).ToArray();
    }

    /// <summary>
    /// Snappy, Parquet's common default: Parquet.Net's own default (zstd at its smallest size) takes a large window and
    /// several times the time. The stream pools are bounded, or they keep whatever a row group once needed.
    /// </summary>
    private static readonly ParquetOptions Options = new()
    {
        CompressionMethod = CompressionMethod.Snappy,
        MaximumLargePoolFreeBytes = 8 * 1024 * 1024,
        MaximumSmallPoolFreeBytes = 4 * 1024 * 1024,
    };

    public static string JsonName(DumpTable table) => $"{table.Name}.jsonl.gz";

    public static string ParquetName(DumpTable table) => $"{table.Name}.parquet";

    public static async Task<DumpTableWriter> CreateAsync(string directory, DumpTable table, int rowGroupRows, CancellationToken cancellationToken)
    {
        var schema = new ParquetSchema(table.Columns.Select(Field).ToArray());
        var jsonFile = File.Create(Path.Combine(directory, JsonName(table)));
        var parquetFile = File.Create(Path.Combine(directory, ParquetName(table)));
        var parquet = await ParquetWriter.CreateAsync(schema, parquetFile, Options, cancellationToken: cancellationToken);
        return new DumpTableWriter(table, jsonFile, parquetFile, parquet, schema, rowGroupRows);
    }

    private static DataField Field(DumpColumn column) => column.Type switch
    {
        DumpType.Int64 => new DataField<long?>(column.Name),
        DumpType.Double => new DataField<double?>(column.Name),
        DumpType.Boolean => new DataField<bool?>(column.Name),
        DumpType.Text => new DataField<string>(column.Name, true),
        DumpType.Timestamp => new DataField<DateTime?>(column.Name),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    private static IColumnBuffer ColumnBuffer(DumpType type, int rows) => type switch
    {
        DumpType.Int64 => new ValueColumn<long>(rows, value => (long)value),
        DumpType.Double => new ValueColumn<double>(rows, value => (double)value),
        DumpType.Boolean => new ValueColumn<bool>(rows, value => (bool)value),
        DumpType.Timestamp => new ValueColumn<DateTime>(rows, value => ((DateTimeOffset)value).UtcDateTime),
        DumpType.Text => new TextColumn(rows),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Appends a page of rows: a line each to the JSON Lines file now, to the Parquet file with their row group.</summary>
    public async Task WriteAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            WriteLine(row);
            for (var c = 0; c < _columns.Length; c++)
            {
                _columns[c].Add(_buffered, row[c]);
            }
            _buffered++;
            Rows++;
            if (_buffered == _rowGroupRows)
            {
                await FlushRowGroupAsync(cancellationToken);
            }
        }
        await _json.FlushAsync(cancellationToken);
    }

    /// <summary>Writes the last (partial) row group; call once after the last page, before disposing.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => _buffered > 0 ? FlushRowGroupAsync(cancellationToken) : Task.CompletedTask;

    private async Task FlushRowGroupAsync(CancellationToken cancellationToken)
    {
        using var group = _parquet.CreateRowGroup();
        for (var c = 0; c < _columns.Length; c++)
        {
            await _columns[c].WriteAsync(group, (DataField)_schema[c], _buffered, cancellationToken);
        }
        _buffered = 0;
    }

    private interface IColumnBuffer
    {
        void Add(int index, object? value);

        Task WriteAsync(ParquetRowGroupWriter group, DataField field, int count, CancellationToken cancellationToken);
    }

    private sealed class ValueColumn<T>(int capacity, Func<object, T> convert) : IColumnBuffer where T : struct
    {
        private readonly T?[] _values = new T?[capacity];

        public void Add(int index, object? value) => _values[index] = value is null ? null : convert(value);

        public async Task WriteAsync(ParquetRowGroupWriter group, DataField field, int count, CancellationToken cancellationToken)
        {
            await group.WriteAsync<T>(field, _values.AsMemory(0, count), cancellationToken: cancellationToken);
            Array.Clear(_values, 0, count);
        }
    }

    private sealed class TextColumn(int capacity) : IColumnBuffer
    {
        private readonly string?[] _values = new string?[capacity];

        public void Add(int index, object? value) => _values[index] = (string?)value;

        public async Task WriteAsync(ParquetRowGroupWriter group, DataField field, int count, CancellationToken cancellationToken)
        {
            await group.WriteAsync(field, count == _values.Length ? _values! : _values[..count]!);
            // Released for the collector as soon as the group is written.
            Array.Clear(_values, 0, count);
        }
    }

    private void WriteLine(object?[] row)
    {
        _json.Reset();
        _json.WriteStartObject();
        for (var c = 0; c < row.Length; c++)
        {
            var name = _table.Columns[c].Name;
            switch (row[c])
            {
                case null:
                    _json.WriteNull(name);
                    break;
                case long number:
                    _json.WriteNumber(name, number);
                    break;
                case double number:
                    _json.WriteNumber(name, number);
                    break;
                case bool flag:
                    _json.WriteBoolean(name, flag);
                    break;
                case string text:
                    _json.WriteString(name, text);
                    break;
                case DateTimeOffset at:
                    _json.WriteString(name, at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new InvalidOperationException($"{_table.Name}.{name}: cannot write a {row[c]!.GetType().Name}.");
            }
        }
        _json.WriteEndObject();
        _json.Flush();
        _gzip.WriteByte((byte)'\n');
    }

    public async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync();
        await _gzip.DisposeAsync();
        await _jsonFile.DisposeAsync();
        await _parquet.DisposeAsync();
        await _parquetFile.DisposeAsync();
    }
}

/// <summary>Reads back a table's JSON Lines file (to rewrite an older dump) and hashes files for the manifest.</summary>
public static class DumpFiles
{
    public const string ManifestName = "manifest.json";
    public const string RedactionsName = "redactions.jsonl.gz";

    /// <summary>The rows of a table's JSON Lines file, a page at a time, as the writer takes them.</summary>
    public static async IAsyncEnumerable<List<object?[]>> ReadPagesAsync(string directory, DumpTable table, int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(Path.Combine(directory, DumpTableWriter.JsonName(table)));
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var page = new List<object?[]>(pageSize);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            page.Add(Parse(table, line));
            if (page.Count == pageSize)
            {
                yield return page;
                page = new List<object?[]>(pageSize);
            }
        }
        if (page.Count > 0)
        {
            yield return page;
        }
    }

    private static object?[] Parse(DumpTable table, string line)
    {
        using var document = JsonDocument.Parse(line);
        var row = table.NewRow();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var column = table.Columns[c];
            if (!document.RootElement.TryGetProperty(column.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            row[c] = column.Type switch
            {
                DumpType.Int64 => value.GetInt64(),
                DumpType.Double => value.GetDouble(),
                DumpType.Boolean => value.GetBoolean(),
                DumpType.Text => value.GetString(),
                DumpType.Timestamp => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                _ => throw new ArgumentOutOfRangeException(nameof(table), column.Type, null),
            };
        }
        return row;
    }

    public static async Task<DumpFile> DescribeAsync(string directory, string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, name);
        await using var file = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(file, cancellationToken);
        return new DumpFile(name, file.Length, Convert.ToHexString(hash).ToLowerInvariant());
    }
}
