using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace JadeStudio.Core.Storage;

/// <summary>
/// How JadeStudio opens its SQLite file: WAL, durable commits, foreign keys on.
/// <para>
/// Connections have owners, and only their owner touches them: the single writer owns one connection for
/// the life of the process; each reader's context is lent one by <see cref="SqliteReaderContexts"/> for its
/// life. Microsoft.Data.Sqlite's connection pool is off because its pool can hand one native handle to two
/// openers at once under concurrent opens (dotnet/efcore#39008): EF Core then registers its SQL functions
/// on a handle another thread is stepping ("unable to delete/modify user-function due to active
/// statements"), or two threads use one handle (a NullReferenceException inside SQLitePCL). Decision 0002.
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
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception refused) when (refused is IOException or UnauthorizedAccessException)
            {
                throw new DatabaseStartupException($"The database's folder {directory} cannot be created ({refused.Message}): choose another JadeStudio:DataDirectory, or make it a folder JadeStudio's user may write to.");
            }
        }
        options.UseSqlite(ConnectionString(databasePath), sqlite => sqlite.UseParameterizedCollectionMode(ListParameters.Mode))
            .AddInterceptors(DurabilityPragmas.Instance, NulCharacterGuard.Instance);
    }

    /// <summary>
    /// Checks the file, applies pending migrations and switches the file to WAL (a persistent setting of the
    /// file). Refuses, with a message that says what to do, a damaged file or one made by a build whose
    /// migration history this build does not know. Returns the migrations it applied.
    /// </summary>
    /// <param name="integrity">SQLite's check of the file begun earlier (<see cref="BeginIntegrityCheck"/>), else it runs now.</param>
    public static async Task<IReadOnlyList<string>> MigrateAsync(JadeDbContext db, CancellationToken cancellationToken = default, Task<IReadOnlyList<string>?>? integrity = null)
    {
        try
        {
            var pending = await CheckAsync(db, integrity, cancellationToken);
            if (pending.Count > 0)
            {
                // Only then: EF Core's migrator takes a lock by writing a row and compares the model with the
                // migrations' snapshot, a quarter of a second of a cold start that has nothing to apply.
                await db.Database.MigrateAsync(cancellationToken);
            }
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            return pending;
        }
        catch (SqliteException unusable) when (IsUnusable(unusable))
        {
            throw Unusable(db, unusable);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The same refusals as <see cref="MigrateAsync"/> without changing anything (a node that leaves migrating to
    /// the operator's <c>migrate</c> command); returns the migrations still to apply.
    /// </summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(JadeDbContext db, CancellationToken cancellationToken = default, Task<IReadOnlyList<string>?>? integrity = null)
    {
        try
        {
            return await CheckAsync(db, integrity, cancellationToken);
        }
        catch (SqliteException unusable) when (IsUnusable(unusable))
        {
            throw Unusable(db, unusable);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Starts SQLite's <c>quick_check</c> of the whole file on a connection of its own, so that it can run while the rest of
    /// the app is built: it reads every page (about a second for 700 MB), and nothing else touches the file until its
    /// result is in. The result is null where there is no file yet (the migrations make it).
    /// </summary>
    public static Task<IReadOnlyList<string>?> BeginIntegrityCheck(string databasePath) => Task.Run(async () =>
    {
        if (!File.Exists(databasePath))
        {
            return null;
        }
        var connectionString = new SqliteConnectionStringBuilder(ConnectionString(databasePath)) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        return await QuickCheckAsync(connection, () => connection.OpenAsync(), CancellationToken.None);
    });

    /// <summary>"ok", or what is damaged (or why the file is no database at all).</summary>
    /// <param name="open">Opens the connection (inside the check: a file that is no database can fail already there).</param>
    private static async Task<IReadOnlyList<string>> QuickCheckAsync(DbConnection connection, Func<Task> open, CancellationToken cancellationToken)
    {
        try
        {
            await open();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check";
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(reader.GetString(0));
            }
            return lines;
        }
        catch (SqliteException unreadable) when (unreadable.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            return [unreadable.Message];
        }
    }

    private static async Task<IReadOnlyList<string>> CheckAsync(JadeDbContext db, Task<IReadOnlyList<string>?>? integrity, CancellationToken cancellationToken)
    {
        var path = db.Database.GetDbConnection().DataSource;
        var check = (integrity is null ? null : await integrity.WaitAsync(cancellationToken))
            ?? await QuickCheckAsync(db.Database.GetDbConnection(), () => db.Database.OpenConnectionAsync(cancellationToken), cancellationToken);
        if (check is not ["ok"])
        {
            throw new DatabaseStartupException(
                $"The database file {path} is damaged (SQLite's quick_check: {string.Join("; ", check.Take(5))}). JadeStudio does not serve a damaged file: restore it from a backup.");
        }
        if (await UnknownMigrationsAsync(db, cancellationToken) is { Count: > 0 } unknown)
        {
            throw new DatabaseStartupException(
                $"The database file {path} was made by an earlier build of JadeStudio (its schema history has {unknown[0]}, which this build does not know). " +
                "No release used that schema: delete the file (and its -wal and -shm files) and start again.");
        }
        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }

    private const int SqlitePermission = 3;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <summary>The file cannot be opened or written at all (a folder in its place, its rights, a full or failing disk): the operator's to fix.</summary>
    private static bool IsUnusable(SqliteException exception) =>
        exception.SqliteErrorCode is SqlitePermission or SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCantOpen;

    /// <summary>Said plainly and once at start, rather than as a crash with a stack trace.</summary>
    private static DatabaseStartupException Unusable(JadeDbContext db, SqliteException exception) => new(
        $"The database file {db.Database.GetDbConnection().DataSource} could not be opened or written ({exception.Message}). " +
        "Check that it is a file, that its disk has room, and that JadeStudio's user may read and write it and its folder.");

    /// <summary>Migrations recorded in the file that this build does not have (a file from before the EF Core 10 baseline).</summary>
    private static async Task<List<string>> UnknownMigrationsAsync(JadeDbContext db, CancellationToken cancellationToken)
    {
        var hasHistory = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'").SingleAsync(cancellationToken) > 0;
        if (!hasHistory)
        {
            return [];
        }
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        return (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Where(id => !known.Contains(id)).ToList();
    }

    /// <summary>
    /// What every connection but the writer's sets when it opens: durable commits, and a wait for the writer's lock
    /// instead of an error. synchronous=FULL is per connection: with it a committed transaction survives power loss in
    /// WAL mode, which is what "success means durable" requires (DESIGN.md §4).
    /// </summary>
    public static void ApplyReaderPragmas(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;";
        command.ExecuteNonQuery();
    }

    private sealed class DurabilityPragmas : DbConnectionInterceptor
    {
        public static readonly DurabilityPragmas Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection) => ApplyReaderPragmas(connection);
    }
}
