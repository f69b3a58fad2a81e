using System.Diagnostics;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Wikis;
using JadeStudio.Storage.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace JadeStudio.Bench.Scenarios;

/// <summary>
/// Scenarios 1, 3 and 4 on PostgreSQL: a new database on the bench's server, migrated, holding the seeded SQLite data
/// copied over with <c>db copy</c> (the operator's path), and the raw reads and writes each scenario is measured against.
/// </summary>
public sealed class PostgresBenchDatabase : IAsyncDisposable
{
    private readonly string _server;

    private PostgresBenchDatabase(string server, string connectionString) => (_server, ConnectionString) = (server, connectionString);

    public string ConnectionString { get; }

    /// <summary>What a node needs to serve this database (the operator migrated it already).</summary>
    public Dictionary<string, string> NodeSettings => new()
    {
        ["JadeStudio__Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__JadeStudio"] = ConnectionString,
        ["JadeStudio__Database__MigrateAtStart"] = "false",
    };

    public static async Task<PostgresBenchDatabase> CreateAsync(string server, string seededSqlitePath)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = "jadestudio_bench_" + Guid.NewGuid().ToString("N") }.ConnectionString;
        await ExecuteAsync(server, $"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\"");
        var database = new PostgresBenchDatabase(server, connectionString);
        var wikis = new WikiCatalog(WikiCatalog.Defaults);
        await using var store = new PostgresStore(connectionString, wikis);
        await using (var db = new StoreContextFactory(store).CreateDbContext())
        {
            await store.MigrateAsync(db);
        }
        var clock = Stopwatch.StartNew();
        var copied = await new PostgresDatabaseCopy(store, wikis).CopyFromAsync(seededSqlitePath);
        Console.WriteLine($"  copied the seeded database to PostgreSQL ({copied.Sum(t => t.Rows):N0} rows) in {clock.Elapsed.TotalSeconds:0} s");
        await ExecuteAsync(connectionString, "VACUUM ANALYZE");
        return database;
    }

    /// <summary>
    /// After the import, before the next scenario: the database settled as after the seed's copy. A million new rows
    /// leave work behind them that PostgreSQL does in the background for minutes (autovacuum's vacuum and analyze of the
    /// new rows, checkpoints writing their pages, the first reads setting each row's hint bits); the reads measured
    /// during it measured that work, 0.28× after the import against 1.38× alone on the same build (2026-12-04). The
    /// operator's guide for a bulk load says the same: analyze after it.
    /// </summary>
    public async Task SettleAsync()
    {
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(ConnectionString, "VACUUM ANALYZE");
        await ExecuteAsync(ConnectionString, "CHECKPOINT");
        Console.WriteLine($"  settled the PostgreSQL database after the import (VACUUM ANALYZE, CHECKPOINT) in {clock.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>Scenario 1's floor: the same revision ids in one transaction by binary COPY into a table with a unique index, as tasks have.</summary>
    public async Task<ImportScenario.RawInsert> RawCopyAsync(int lines)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE bare_tasks (id bigserial PRIMARY KEY, rev_id bigint NOT NULL UNIQUE)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        var clock = Stopwatch.StartNew();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var copy = await connection.BeginBinaryImportAsync("COPY bare_tasks (rev_id) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 1; i <= lines; i++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(20_000_000L + i, NpgsqlDbType.Bigint);
                }
                await copy.CompleteAsync();
            }
            await transaction.CommitAsync();
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await using var size = new NpgsqlCommand("SELECT pg_total_relation_size('bare_tasks')", connection);
        return new(seconds, (long)(await size.ExecuteScalarAsync())!);
    }

    /// <summary>What the database takes on disk (tables, indexes, their free space maps), for what an upload stored.</summary>
    public async Task<long> StoredBytesAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)(await size.ExecuteScalarAsync())!;
    }

    /// <summary>Scenario 4's floor: every column of every event row, in order, straight from PostgreSQL; rows per second.</summary>
    public async Task<double> RawReadEventsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT * FROM events ORDER BY \"Seq\"", connection);
        return await FeedScenario.RowsPerSecondAsync(command);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(ConnectionString).Database}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}
