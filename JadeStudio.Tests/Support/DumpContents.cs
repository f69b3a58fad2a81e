using System.IO.Compression;
using System.Text;
using DuckDB.NET.Data;

namespace JadeStudio.Tests.Support;

/// <summary>Every file of a dump as text, the way a consumer reads it: JSON Lines decompressed, Parquet read by DuckDB (one JSON object per row).</summary>
public static class DumpContents
{
    public static async Task<Dictionary<string, string>> ReadAllAsync(string directory)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            files[name] = name.EndsWith(".gz", StringComparison.Ordinal) ? await GunzipAsync(path)
                : name.EndsWith(".parquet", StringComparison.Ordinal) ? ParquetAsJson(path)
                : await File.ReadAllTextAsync(path);
        }
        return files;
    }

    public static async Task<string> GunzipAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return await GunzipAsync(file);
    }

    public static async Task<string> GunzipAsync(Stream compressed)
    {
        await using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    /// <summary>A file path as a string literal of DuckDB's SQL (quotes doubled).</summary>
    public static string SqlString(string path) => $"'{path.Replace("'", "''")}'";

    /// <summary>The Parquet file's rows as JSON Lines, read by DuckDB (as researchers would, and as the query page does).</summary>
    public static string ParquetAsJson(string path)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT to_json(t)::VARCHAR FROM read_parquet({SqlString(path)}) t";
        using var reader = command.ExecuteReader();
        var text = new StringBuilder();
        while (reader.Read())
        {
            text.Append(reader.GetString(0)).Append('\n');
        }
        return text.ToString();
    }
}
