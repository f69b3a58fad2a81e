using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;

namespace JadeStudio.Bench.Scenarios;

/// <summary>
/// 1: a million-line artifact list through the real upload endpoint, against the store's fastest way to put the same
/// rows in a table (SQLite: one prepared statement in one transaction; PostgreSQL: a binary COPY).
/// </summary>
public static class ImportScenario
{
    /// <summary>The floor's time, and how many bytes its table and index take once stored.</summary>
    public sealed record RawInsert(double Seconds, long Bytes);

    public static Task<IReadOnlyList<Measurement>> RunAsync(BenchApp app, SeededData data, string workDirectory, string databasePath, int lines) =>
        RunAsync("1 import", app, data, workDirectory, lines, () => BulkInsertAsync(Path.Combine(workDirectory, "baseline-import.db"), lines), () => StoredBytesAsync(databasePath));

    /// <param name="storedBytes">The bytes the app's database holds (read before and after the upload: what the rows took).</param>
    public static async Task<IReadOnlyList<Measurement>> RunAsync(string scenario, BenchApp app, SeededData data, string workDirectory, int lines, Func<Task<RawInsert>> rawInsert,
        Func<Task<long>> storedBytes)
    {
        var file = Path.Combine(workDirectory, "artifacts.jsonl");
        await using (var output = new StreamWriter(file))
        {
            for (var i = 1; i <= lines; i++)
            {
                await output.WriteLineAsync($"{{\"rev_id\": {20_000_000 + i}}}");
            }
        }

        var baseline = await rawInsert();

        using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(20) };
        await using var upload = File.OpenRead(file);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/campaigns/{data.CampaignId}/tasks") { Content = new StreamContent(upload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", data.UploadToken);
        var before = await storedBytes();
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var report = await response.Content.ReadAsStringAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (!response.IsSuccessStatusCode || !report.Contains($"\"imported\":{lines}", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The upload failed: {(int)response.StatusCode} {report[..Math.Min(500, report.Length)]}");
        }
        var grown = await storedBytes() - before;
        var (_, peak) = Machine.MemoryOf(app.ProcessId);
        return
        [
            new(scenario, $"{lines:N0} lines via POST /campaigns/{{id}}/tasks", "s", seconds, baseline.Seconds, TargetKind.RatioAtMost, 2,
                $"stored: {Measurement.Format(grown / 1048576.0)} MB of tables and indexes (artifacts, tasks), against the baseline's {Measurement.Format(baseline.Bytes / 1048576.0)} MB ({Measurement.Format((double)grown / baseline.Bytes)}×)"),
            new(scenario, "app peak memory (VmHWM)", "MB", peak, null, TargetKind.AtMost, 300),
        ];
    }

    /// <summary>The physical floor: the same rows in one transaction with one prepared statement, same durability settings as the app.</summary>
    private static async Task<RawInsert> BulkInsertAsync(string path, int lines)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE tasks (id INTEGER PRIMARY KEY, rev_id INTEGER NOT NULL UNIQUE)";
            await setup.ExecuteNonQueryAsync();
        }
        var clock = Stopwatch.StartNew();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO tasks (rev_id) VALUES ($rev)";
        var rev = insert.Parameters.Add("$rev", SqliteType.Integer);
        insert.Prepare();
        for (var i = 1; i <= lines; i++)
        {
            rev.Value = 20_000_000 + i;
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        return new(seconds, await StoredBytesAsync(path));
    }

    /// <summary>The pages a SQLite file uses (its free pages left out), as any connection sees it after the last commit.</summary>
    private static async Task<long> StoredBytesAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (page_count - freelist_count) * page_size FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
