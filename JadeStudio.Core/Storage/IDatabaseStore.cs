using System.Data.Common;
using JadeStudio.Core.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Core.Storage;

/// <summary>"JadeStudio:Database:Provider": the database product behind the one model.</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: one file, nothing to install, one app node.</summary>
    Sqlite,

    /// <summary>A server shared by several app nodes.</summary>
    PostgreSql,
}

/// <summary>
/// What differs between the database products JadeStudio runs on: how contexts are configured, migrations, the
/// writer's connection, commit-ordered event positions, row locks, which failures are worth retrying, and the feature
/// seams (text search, bulk task import, analysis reads), each an interface of its feature's folder. <see cref="SqliteStore"/> is the embedded store;
/// the PostgreSQL one is <c>PostgresStore</c> in JadeStudio.Storage.PostgreSql.
/// </summary>
public interface IDatabaseStore
{
    DatabaseProvider Provider { get; }

    /// <summary>Which database this is, for operators' messages (a file's path; a server's host and database name, never a password).</summary>
    string Description { get; }

    /// <summary>The full-text index over the texts users write.</summary>
    Discussions.ITextSearch TextSearch { get; }

    /// <summary>Bulk inserts of uploaded artifact lists into a campaign.</summary>
    Imports.ITaskBulkInsert TaskBulkInsert { get; }

    /// <summary>The analysis' reads over every score and answer of a model.</summary>
    Scores.IAnalysisReads AnalysisReads { get; }

    /// <summary>How the rows of a feed page are read.</summary>
    Events.IEventReads EventReads { get; }

    /// <summary>Options of every context that reads, and of migrations.</summary>
    void Configure(DbContextOptionsBuilder options);

    /// <summary>
    /// The app's contexts outside the single writer (pages, API reads, jobs). SQLite: each on a reader connection kept
    /// open between uses (<see cref="SqliteReaderContexts"/>); PostgreSQL: Npgsql's pool does that already. EF Core's own
    /// warnings go to the app's log.
    /// </summary>
    IDbContextFactory<JadeDbContext> CreateContextFactory(ILoggerFactory logging);

    /// <summary>
    /// Starts what <see cref="MigrateAsync"/> and <see cref="VerifyAsync"/> check of the database and can run while the
    /// app is being built (SQLite: <c>quick_check</c> of the whole file, a second for 700 MB); the next of them waits for
    /// it instead of checking again. Nothing to start for PostgreSQL (its checks read the migration history only).
    /// </summary>
    void BeginStartupChecks();

    /// <summary>Checks the database and applies pending migrations; returns those it applied.</summary>
    Task<IReadOnlyList<string>> MigrateAsync(JadeDbContext db, CancellationToken cancellationToken = default);

    /// <summary>The same refusals as <see cref="MigrateAsync"/> without changing anything; returns the migrations still to apply.</summary>
    Task<IReadOnlyList<string>> VerifyAsync(JadeDbContext db, CancellationToken cancellationToken = default);

    /// <summary>The connection the node's single writer keeps for its life.</summary>
    Task<DbConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken = default);

    DbContextOptions<JadeDbContext> WriterOptions(DbConnection connection);

    /// <summary>Last words on the writer's connection before it is closed.</summary>
    Task CloseWriterConnectionAsync(DbConnection connection);

    /// <summary>
    /// Called in the writer's transaction just before every commit, with the events it wrote. Makes their <c>Seq</c> the
    /// order in which transactions commit, so a feed reader that has seen an event has seen every event before it (updates
    /// the events' <see cref="StoredEvent.Seq"/>), and tells the other nodes of the commit once it is done.
    /// </summary>
    Task CommittingAsync(DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Holds the row until the transaction ends, so rules that count rows (people on a task, one preferred judgment)
    /// hold against writers on other nodes too.
    /// </summary>
    Task LockAsync(JadeDbContext db, LockedRow row, long id, CancellationToken cancellationToken = default);

    /// <summary>Whether the failure is a conflict with another writer that running the command again resolves.</summary>
    bool IsWriteConflict(Exception exception);

    /// <summary>Whether the failure means the database cannot be reached (for /readyz), rather than a fault of a query.</summary>
    bool IsUnreachable(Exception exception);

    /// <summary>
    /// A read-only transaction on <paramref name="db"/> in which every query sees the same state (a dump reads all its
    /// tables in one), without holding back the writer.
    /// </summary>
    Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginSnapshotAsync(JadeDbContext db, CancellationToken cancellationToken = default);

    /// <summary>Where Quartz.NET keeps the background jobs: this database, alone or as one of a cluster of nodes.</summary>
    void ConfigureJobStore(Quartz.IPersistentStoreBuilder jobStore, Jobs.JobOptions options);
}

/// <summary>Rows that commands lock to keep rules across nodes.</summary>
public enum LockedRow
{
    Artifact,
    Campaign,
    User,
}
