using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>The PostgreSQL store's settings: Npgsql, and this assembly's migrations (the SQLite ones live in Core).</summary>
public static class PostgresDatabase
{
    public static DbContextOptionsBuilder<JadeDbContext> Configure(DbContextOptionsBuilder<JadeDbContext> options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgresDatabase).Assembly.GetName().Name));

    /// <summary>Applies pending migrations; returns those it applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(JadeDbContext db, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }
}
