using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>The PostgreSQL store's settings: Npgsql, and this assembly's migrations (the SQLite ones live in Core).</summary>
public static class PostgresDatabase
{
    private static string MigrationsAssembly => typeof(PostgresDatabase).Assembly.GetName().Name!;

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly).UseParameterizedCollectionMode(ListParameters.Mode)).AddInterceptors(NulCharacterGuard.Instance);

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlConnection connection) =>
        options.UseNpgsql(connection, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly).UseParameterizedCollectionMode(ListParameters.Mode)).AddInterceptors(NulCharacterGuard.Instance);

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly).UseParameterizedCollectionMode(ListParameters.Mode)).AddInterceptors(NulCharacterGuard.Instance);

    /// <summary>Applies pending migrations; returns those it applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(JadeDbContext db, CancellationToken cancellationToken = default)
    {
        var pending = await VerifyAsync(db, cancellationToken);
        if (pending.Count > 0)
        {
            // As on SQLite: nothing to apply, no migrator (its lock and its comparison of the model with the snapshot).
            // Nodes that start together and all see migrations pending are serialised by the migrator's own lock.
            // EF Core looks for its history table by reading it, and logs a new database's missing table as a failed
            // command (an error in the operator's log at every first start): the table is made first, as the migrator
            // itself would make it.
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        return pending;
    }

    /// <summary>The migrations still to apply; refuses a database whose history has migrations this build does not know.</summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(JadeDbContext db, CancellationToken cancellationToken = default)
    {
        // Asked of the catalog, not by reading the table (EF Core's way, which logs a new database as an error).
        var historyTable = "\"" + HistoryRepository.DefaultTableName + "\"";
        if (!await db.Database.SqlQuery<bool>($"SELECT to_regclass({historyTable}) IS NOT NULL AS \"Value\"").SingleAsync(cancellationToken))
        {
            return db.Database.GetMigrations().ToList();
        }
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        if ((await db.Database.GetAppliedMigrationsAsync(cancellationToken)).FirstOrDefault(id => !known.Contains(id)) is { } unknown)
        {
            throw new DatabaseStartupException(
                $"The PostgreSQL database was migrated by another build of JadeStudio (its schema history has {unknown}, which this build does not know). Run this build against a database of its own version.");
        }
        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }
}
