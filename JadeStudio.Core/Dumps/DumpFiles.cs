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
/// Writes one table as JSON Lines (gzip) and Parquet at once, page by page: nothing but the current page (one Parquet
/// row group) is held in memory, however many rows the table has.
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

    public long Rows { get; private set; }

    private DumpTableWriter(DumpTable table, FileStream jsonFile, FileStream parquetFile, ParquetWriter parquet, ParquetSchema schema)
    {
        _table = table;
        _jsonFile = jsonFile;
        _gzip = new GZipStream(jsonFile, CompressionLevel.Fastest);
        // Relaxed escaping: files for programs, never embedded in HTML; quotes stay \" instead of \u0022.
        _json = new Utf8JsonWriter(_gzip, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _parquetFile = parquetFile;
        _parquet = parquet;
        _schema = schema;
    }

    public static string JsonName(DumpTable table) => $"{table.Name}.jsonl.gz";

    public static string ParquetName(DumpTable table) => $"{table.Name}.parquet";

    public static async Task<DumpTableWriter> CreateAsync(string directory, DumpTable table, CancellationToken cancellationToken)
    {
        var schema = new ParquetSchema(table.Columns.Select(Field).ToArray());
        var jsonFile = File.Create(Path.Combine(directory, JsonName(table)));
        var parquetFile = File.Create(Path.Combine(directory, ParquetName(table)));
        var parquet = await ParquetWriter.CreateAsync(schema, parquetFile, new ParquetOptions { CompressionMethod = CompressionMethod.Zstd }, cancellationToken: cancellationToken);
        return new DumpTableWriter(table, jsonFile, parquetFile, parquet, schema);
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

    /// <summary>Appends a page of rows: one line each to the JSON Lines file, one row group to the Parquet file.</summary>
    public async Task WriteAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        foreach (var row in rows)
        {
            WriteLine(row);
        }
        await _json.FlushAsync(cancellationToken);
        using var group = _parquet.CreateRowGroup();
        for (var c = 0; c < _table.Columns.Count; c++)
        {
            var field = (DataField)_schema[c];
            switch (_table.Columns[c].Type)
            {
                case DumpType.Int64:
                    await group.WriteAsync<long>(field, Column<long>(rows, c), cancellationToken: cancellationToken);
                    break;
                case DumpType.Double:
                    await group.WriteAsync<double>(field, Column<double>(rows, c), cancellationToken: cancellationToken);
                    break;
                case DumpType.Boolean:
                    await group.WriteAsync<bool>(field, Column<bool>(rows, c), cancellationToken: cancellationToken);
                    break;
                case DumpType.Timestamp:
                    var times = new DateTime?[rows.Count];
                    for (var r = 0; r < rows.Count; r++)
                    {
                        times[r] = rows[r][c] is DateTimeOffset at ? at.UtcDateTime : null;
                    }
                    await group.WriteAsync<DateTime>(field, times, cancellationToken: cancellationToken);
                    break;
                case DumpType.Text:
                    await group.WriteAsync(field, rows.Select(r => (string)r[c]!).ToArray());
                    break;
            }
        }
        Rows += rows.Count;
    }

    private static ReadOnlyMemory<T?> Column<T>(IReadOnlyList<object?[]> rows, int column) where T : struct
    {
        var values = new T?[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            values[r] = (T?)rows[r][column];
        }
        return values;
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
