using DuckDB.NET.Data;
using JadeStudio.Core.Dumps;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Dumps;

/// <summary>A table's Parquet file as DuckDB reads it back, when its rows span several pages and row groups.</summary>
public sealed class DumpTableWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jadestudio-dump-writer").FullName;

    private static readonly DumpTable Notes = new("notes", [new("id", DumpType.Int64), new("title", DumpType.Text), new("body", DumpType.Text)], []);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Texts_across_pages_and_row_groups_come_back_as_written()
    {
        string?[] titles = ["first", null, "", "Zürich – 東京 🦉", new string('x', 5_000), "  spaces kept  ", null, "last"];
        var rows = titles.Select((title, i) => new object?[] { i + 1L, title, i % 3 == 0 ? null : $"body {i}" }).ToList();

        await using (var writer = await DumpTableWriter.CreateAsync(_directory, Notes, rowGroupRows: 3, CancellationToken.None))
        {
            foreach (var page in rows.Chunk(2))
            {
                await writer.WriteAsync(page, CancellationToken.None);
            }
            await writer.CompleteAsync(CancellationToken.None);
        }

        var path = DumpContents.SqlString(Path.Combine(_directory, DumpTableWriter.ParquetName(Notes)));
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var groups = connection.CreateCommand();
        groups.CommandText = $"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({path})";
        Assert.Equal(3L, Convert.ToInt64(groups.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT id, title, body FROM read_parquet({path}) ORDER BY id";
        using var reader = read.ExecuteReader();
        var back = new List<object?[]>();
        while (reader.Read())
        {
            back.Add([reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)]);
        }
        Assert.Equal(rows, back);
    }
}
