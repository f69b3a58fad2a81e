using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace JadeStudio.Core.Queries;

/// <summary>A query's answer as a file: CSV (a header row, formula prefixes escaped for spreadsheets) or a JSON array of objects.</summary>
public static class QueryDownloads
{
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
