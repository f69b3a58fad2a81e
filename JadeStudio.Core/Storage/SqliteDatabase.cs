using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace JadeStudio.Core.Storage;

/// <summary>How JadeStudio opens its SQLite file: WAL, durable commits, foreign keys on.</summary>
public static class SqliteDatabase
{
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        ForeignKeys = true,
        Cache = SqliteCacheMode.Private,
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
