using JadeStudio.Core.Storage;
using JadeStudio.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace JadeStudio.Tests.Core.Storage;

/// <summary>SQLite's readers keep their connections between uses, one owner at a time (decision 0002).</summary>
public sealed class SqliteReaderContextsTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private SqliteStore _store = default!;
    private SqliteReaderContexts _readers = default!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(Path.Combine(_folder.Path, "jade.db"));
        await using (var db = new StoreContextFactory(_store).CreateDbContext())
        {
            await _store.MigrateAsync(db);
        }
        _readers = (SqliteReaderContexts)_store.CreateContextFactory(NullLoggerFactory.Instance);
    }

    public Task DisposeAsync()
    {
        _readers.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Rows written by a connection of its own, as the single writer does.</summary>
    private async Task WriteAsync(string sql)
    {
        await using var writer = new SqliteConnection(SqliteDatabase.ConnectionString(_store.DatabasePath));
        await writer.OpenAsync();
        await using var command = writer.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static string Artifacts(int first, int last) =>
        $"WITH RECURSIVE n(rev) AS (SELECT {first} UNION ALL SELECT rev + 1 FROM n WHERE rev < {last}) " +
        "INSERT INTO artifacts (Wiki, Type, RevId, CreatedAt) SELECT 'enwiki', 'diff', rev, 0 FROM n;";

    private async Task<int> CountArtifactsAsync()
    {
        await using var db = _readers.CreateDbContext();
        return await db.Artifacts.CountAsync();
    }

    [Fact]
    public async Task A_reader_after_another_uses_its_connection_and_sees_what_was_committed_in_between()
    {
        Assert.Equal(0, await CountArtifactsAsync());
        await WriteAsync("INSERT INTO artifacts (Wiki, Type, RevId, CreatedAt) VALUES ('enwiki', 'diff', 1, 0)");

        Assert.Equal(1, await CountArtifactsAsync());
        Assert.Equal(1, _readers.Opened);
    }

    [Fact]
    public async Task A_reader_that_leaves_a_snapshot_open_does_not_hand_it_to_the_next()
    {
        await using (var db = _readers.CreateDbContext())
        {
            // A snapshot whose transaction is never ended: the context is disposed with it still open.
            await _store.BeginSnapshotAsync(db);
            Assert.Equal(0, await db.Artifacts.CountAsync());
        }
        await WriteAsync("INSERT INTO artifacts (Wiki, Type, RevId, CreatedAt) VALUES ('enwiki', 'diff', 1, 0)");

        Assert.Equal(1, await CountArtifactsAsync());
        Assert.Equal(2, _readers.Opened);
    }

    [Fact]
    public async Task After_the_writer_renews_the_statistics_a_lookup_by_key_is_planned_as_a_search_not_a_scan()
    {
        const string lookup = "EXPLAIN QUERY PLAN SELECT * FROM artifacts AS a WHERE a.Id IN (SELECT value FROM json_each('[1,2,3]'))";
        await WriteAsync(Artifacts(1, 3) + " ANALYZE;");
        Assert.Equal(3, await CountArtifactsAsync()); // a reader that planned by "three artifacts" is kept
        await WriteAsync(Artifacts(4, 50_000));

        // The writer's connection runs PRAGMA optimize when it opens: the table grew, so it is analysed again.
        await using (var writer = await _store.OpenWriterConnectionAsync())
        {
            await using var db = _readers.CreateDbContext();
            var details = new List<string>();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await using var explain = connection.CreateCommand();
            explain.CommandText = lookup;
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                details.Add(reader.GetString(3));
            }
            Assert.Contains(details, d => d.StartsWith("SEARCH a USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
            Assert.DoesNotContain(details, d => d == "SCAN a");
        }
    }

    [Fact]
    public async Task A_reader_after_another_gets_the_same_context_reset_so_nothing_the_first_tracked_or_set_carries_over()
    {
        await WriteAsync("INSERT INTO artifacts (Wiki, Type, RevId, CreatedAt) VALUES ('enwiki', 'diff', 1, 0)");

        await ReaderContextChecks.AssertReusedAndResetAsync(_readers);
        Assert.Equal(1, _readers.Opened);
    }

    [Fact]
    public async Task EF_Cores_warnings_reach_the_apps_log()
    {
        using var log = new FakeLoggerProvider();
        using var readers = new SqliteReaderContexts(_store.DatabasePath, LoggerFactory.Create(logging => logging.AddProvider(log)));
        await using var db = readers.CreateDbContext();

        // Skip without an order: EF Core warns that the rows it skips are not defined.
        _ = await db.Artifacts.Skip(1).FirstOrDefaultAsync();

        Assert.Contains(log.Collector.GetSnapshot(), entry => entry.Level == LogLevel.Warning && entry.Category == DbLoggerCategory.Query.Name);
    }

    [Fact]
    public async Task Disposed_it_closes_its_idle_connections_and_refuses_new_readers()
    {
        Assert.Equal(0, await CountArtifactsAsync());

        _readers.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _readers.CreateDbContext());
        // SQLite leaves write-ahead logging only when no other connection has the file open.
        await using var alone = new SqliteConnection(SqliteDatabase.ConnectionString(_store.DatabasePath));
        await alone.OpenAsync();
        await using var command = alone.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=DELETE";
        command.CommandTimeout = 2;
        Assert.Equal("delete", await command.ExecuteScalarAsync());
    }
}
