using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace JadeStudio.Core.Storage;

/// <summary>
/// How JadeStudio opens its SQLite file: WAL, durable commits, foreign keys on.
/// <para>
/// Connections have owners, and only their owner touches them: the single writer owns one connection for
/// the life of the process; every reader opens its own connection for one unit of work and closes it.
/// Microsoft.Data.Sqlite's connection pool is off because its pool can hand one native handle to two
/// openers at once under concurrent opens (dotnet/efcore#39008): EF Core then registers its SQL functions
/// on a handle another thread is stepping ("unable to delete/modify user-function due to active
/// statements"), or two threads use one handle (a NullReferenceException inside SQLitePCL). Opening a
/// file costs far less than a request, so every reader pays it rather than share a handle.
/// </para>
/// </summary>
public static class SqliteDatabase
{
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        ForeignKeys = true,
        Cache = SqliteCacheMode.Private,
        Pooling = false,
    }.ToString();

    public static void Configure(DbContextOptionsBuilder options, string databasePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        options.UseSqlite(ConnectionString(databasePath))
            .AddInterceptors(DurabilityPragmas.Instance);
    }

    /// <summary>Applies pending migrations and switches the file to WAL (a persistent setting of the file).</summary>
    public static async Task MigrateAsync(JadeDbContext db, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    /// <summary>
    /// synchronous=FULL is per connection: with it a committed transaction survives power loss in
    /// WAL mode, which is what "success means durable" requires (DESIGN.md §4).
    /// </summary>
    private sealed class DurabilityPragmas : DbConnectionInterceptor
    {
        public static readonly DurabilityPragmas Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;";
            command.ExecuteNonQuery();
        }
    }
}
