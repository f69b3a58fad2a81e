using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace JadeStudio.Core.Queries;

/// <summary>A query's answer as a file: CSV (a header row, formula prefixes escaped for spreadsheets) or a JSON array of objects.</summary>
public static class QueryDownloads
{
    /// <summary>The answer as a file's bytes in a format (<c>csv</c> or <c>json</c>), its content type and name.</summary>
    public static async Task<(byte[] Bytes, string ContentType, string FileName)> FileAsync(QueryResult result, string format, CancellationToken cancellationToken = default)
    {
        var name = $"query-dump{result.DumpId}.{format}";
        switch (format)
        {
            case "csv":
                var csv = new StringWriter();
                await WriteCsvAsync(result, csv, cancellationToken);
                return (System.Text.Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", name);
            case "json":
                using (var json = new MemoryStream())
                {
                    await WriteJsonAsync(result, json, cancellationToken);
                    return (json.ToArray(), "application/json", name);
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "csv or json");
        }
    }

    public static async Task WriteCsvAsync(QueryResult result, TextWriter output, CancellationToken cancellationToken = default)
    {
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, true);
        foreach (var column in result.Columns)
        {
            csv.WriteField(column);
        }
        await csv.EndRecordAsync(cancellationToken);
        foreach (var row in result.Rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var value in row)
            {
                csv.WriteField(Text(value));
            }
            await csv.EndRecordAsync(cancellationToken);
        }
    }

    public static async Task WriteJsonAsync(QueryResult result, Stream output, CancellationToken cancellationToken = default)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartArray();
        foreach (var row in result.Rows)
        {
            json.WriteStartObject();
            for (var i = 0; i < result.Columns.Count; i++)
            {
                json.WritePropertyName(result.Columns[i]);
                JsonSerializer.Serialize(json, row[i]);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>A value as CSV and the result table show it (invariant: files are read by programs).</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        DateTime at => at.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
