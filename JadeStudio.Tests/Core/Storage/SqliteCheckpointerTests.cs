using JadeStudio.Core.Storage;
using JadeStudio.Tests.Support;
using Microsoft.Data.Sqlite;

namespace JadeStudio.Tests.Core.Storage;

/// <summary>The writer's commits leave copying the write-ahead log into the file to a connection of its own.</summary>
public sealed class SqliteCheckpointerTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private SqliteStore _store = default!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(Path.Combine(_folder.Path, "jade.db"));
        await using var db = new StoreContextFactory(_store).CreateDbContext();
        await _store.MigrateAsync(db);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task The_writers_connection_runs_no_checkpoint_of_its_own_while_open_and_gets_sqlites_default_back_when_closed()
    {
        var writer = (SqliteConnection)await _store.OpenWriterConnectionAsync();
        await using (writer)
        {
            Assert.Equal(0, await ScalarAsync(writer, "PRAGMA wal_autocheckpoint"));
            await _store.CloseWriterConnectionAsync(writer);
            Assert.Equal(SqliteCheckpointer.PagesBeforeCheckpoint, await ScalarAsync(writer, "PRAGMA wal_autocheckpoint"));
        }
    }

    [Fact]
    public async Task A_commit_that_takes_the_log_past_a_thousand_pages_is_copied_into_the_file_by_the_checkpointer()
    {
        var writer = (SqliteConnection)await _store.OpenWriterConnectionAsync();
        await using (writer)
        {
            var checkpointer = _store.Checkpointer!;
            var checkpointed = checkpointer.NextCheckpoint;
            var fileBefore = new FileInfo(_store.DatabasePath).Length;

            await using (var write = writer.CreateCommand())
            {
                // About 1,200 pages of 4 KB in one commit: each blob fills a page of its own.
                write.CommandText = "CREATE TABLE filler (bytes BLOB); " +
                                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200) INSERT INTO filler SELECT randomblob(3000) FROM n;";
                await write.ExecuteNonQueryAsync();
            }
            await checkpointed.WaitAsync(TimeSpan.FromSeconds(30));

            // The file itself now holds the pages (only a checkpoint writes to it), and they read back.
            Assert.True(new FileInfo(_store.DatabasePath).Length >= fileBefore + 1200 * 3000L);
            await using var other = new SqliteConnection(SqliteDatabase.ConnectionString(_store.DatabasePath));
            await other.OpenAsync();
            Assert.Equal(1200, await ScalarAsync(other, "SELECT count(*) FROM filler"));
            await _store.CloseWriterConnectionAsync(writer);
        }
    }

    [Fact]
    public async Task After_a_transaction_larger_than_the_limit_the_log_file_is_cut_back_once_checkpointed()
    {
        var writer = (SqliteConnection)await _store.OpenWriterConnectionAsync();
        await using (writer)
        {
            var checkpointed = _store.Checkpointer!.NextCheckpoint;
            await using (var write = writer.CreateCommand())
            {
                // About 6,000 pages of 4 KB in one commit: a log of some 24 MB.
                write.CommandText = "CREATE TABLE filler (bytes BLOB); " +
                                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) INSERT INTO filler SELECT randomblob(3000) FROM n;";
                await write.ExecuteNonQueryAsync();
            }
            var log = new FileInfo(_store.DatabasePath + "-wal");
            var largest = log.Length;
            await checkpointed.WaitAsync(TimeSpan.FromSeconds(30));

            // The next commit writes the log from its start again, and cuts the file.
            await using (var write = writer.CreateCommand())
            {
                write.CommandText = "INSERT INTO filler VALUES (randomblob(3000));";
                await write.ExecuteNonQueryAsync();
            }
            log.Refresh();

            Assert.True(largest > SqliteStore.LogSizeLimit, $"The large commit's log: {largest:N0} bytes.");
            Assert.True(log.Length <= SqliteStore.LogSizeLimit, $"The log after it: {log.Length:N0} bytes.");
            await _store.CloseWriterConnectionAsync(writer);
        }
    }

    [Fact]
    public async Task Commits_below_a_thousand_pages_leave_the_log_as_it_is()
    {
        var writer = (SqliteConnection)await _store.OpenWriterConnectionAsync();
        await using (writer)
        {
            var fileBefore = new FileInfo(_store.DatabasePath).Length;
            await using (var write = writer.CreateCommand())
            {
                write.CommandText = "CREATE TABLE filler (bytes BLOB); " +
                                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) INSERT INTO filler SELECT randomblob(3000) FROM n;";
                await write.ExecuteNonQueryAsync();
            }
            // Stopping the checkpointer runs any checkpoint it was asked for first; none was, so the file is as it was.
            await _store.CloseWriterConnectionAsync(writer);
            Assert.Equal(fileBefore, new FileInfo(_store.DatabasePath).Length);
        }
    }
}
