using System.Data.Common;
using JadeStudio.Core.Events;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace JadeStudio.Core.Storage;

/// <summary>
/// The embedded store: one SQLite file (<see cref="SqliteDatabase"/>). SQLite lets one transaction write at a time, so
/// transactions commit in the order they began writing: the events' row ids are already commit-ordered, there are no
/// write conflicts to retry, and a lock would only repeat what the file's write lock does.
/// </summary>
public sealed class SqliteStore(string databasePath) : IDatabaseStore
{
    public string DatabasePath => databasePath;

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string Description => databasePath;

    public Discussions.ITextSearch TextSearch { get; } = new Discussions.SqliteTextSearch();

    public Imports.ITaskBulkInsert TaskBulkInsert { get; } = new Imports.SqliteTaskBulkInsert();

    public Scores.IAnalysisReads AnalysisReads { get; } = new Scores.SqliteAnalysisReads();

    public IEventReads EventReads { get; } = new SqliteEventReads();

    public void Configure(DbContextOptionsBuilder options) => SqliteDatabase.Configure(options, databasePath);

    private SqliteReaderContexts? _readers;

    public IDbContextFactory<JadeDbContext> CreateContextFactory(ILoggerFactory logging) =>
        _readers = new SqliteReaderContexts(databasePath, logging);

    /// <summary>
    /// The same file, one node: not clustered (SQLite serves one node). A job the node was running when it stopped is
    /// run again when it starts.
    /// </summary>
    public void ConfigureJobStore(IPersistentStoreBuilder jobStore, Jobs.JobOptions options) => jobStore.UseSqlite(SqliteDatabase.ConnectionString(databasePath));

    private Task<IReadOnlyList<string>?>? _integrity;

    /// <summary>SQLite's check of the whole file, taken up by the next <see cref="MigrateAsync"/> or <see cref="VerifyAsync"/>.</summary>
    public void BeginStartupChecks() => _integrity ??= SqliteDatabase.BeginIntegrityCheck(databasePath);

    public Task<IReadOnlyList<string>> MigrateAsync(JadeDbContext db, CancellationToken cancellationToken = default) =>
        SqliteDatabase.MigrateAsync(db, cancellationToken, Interlocked.Exchange(ref _integrity, null));

    public Task<IReadOnlyList<string>> VerifyAsync(JadeDbContext db, CancellationToken cancellationToken = default) =>
        SqliteDatabase.VerifyAsync(db, cancellationToken, Interlocked.Exchange(ref _integrity, null));

    public async Task<DbConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(SqliteDatabase.ConnectionString(databasePath));
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // A larger page cache than SQLite's 2 MB for the one connection that writes: a large import's
        // transaction otherwise spills index pages to the WAL and reads them back many times over. 16 MB: a
        // million-line import took the same time as with 32 MB and its peak memory 13-15 MB less (benchmark 1).
        // optimize=0x10002: statistics for tables never analysed, as SQLite advises for a long-lived connection.
        // journal_size_limit: SQLite reuses the log file from its start after a checkpoint and never shrinks it, so one
        // large transaction (a million-line import: 689 MB) would keep its size on disk for as long as the app runs. With
        // a limit, the writer's first commit after the log restarts cuts the file back to it.
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA cache_size=-16384; PRAGMA optimize=0x10002; " +
                             $"PRAGMA journal_size_limit={LogSizeLimit};";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        _readers?.StatisticsChanged();
        // A connection reopened after a broken one: the old one's checkpointer goes with it.
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync();
        }
        _checkpointer = await SqliteCheckpointer.AttachAsync(connection, databasePath, cancellationToken);
        return connection;
    }

    /// <summary>
    /// The size the log file is cut back to after a larger transaction: four times what it holds when a checkpoint is
    /// due (<see cref="SqliteCheckpointer.PagesBeforeCheckpoint"/> pages of 4 KB), so ordinary commits never shrink it.
    /// </summary>
    public const long LogSizeLimit = 16L * 1024 * 1024;

    private SqliteCheckpointer? _checkpointer;

    /// <summary>The writer connection's checkpointer while it is open.</summary>
    internal SqliteCheckpointer? Checkpointer => _checkpointer;

    public DbContextOptions<JadeDbContext> WriterOptions(DbConnection connection) => new DbContextOptionsBuilder<JadeDbContext>().UseSqlite(connection, sqlite => sqlite.UseParameterizedCollectionMode(ListParameters.Mode)).AddInterceptors(NulCharacterGuard.Instance).Options;

    public async Task CloseWriterConnectionAsync(DbConnection connection)
    {
        // On close, as SQLite advises: statistics the queries of this run showed to be missing. It writes, so it
        // runs on the writer's connection, and not on readers' (it would take the write lock mid-read).
        if (connection.State == System.Data.ConnectionState.Open)
        {
            await using var optimize = connection.CreateCommand();
            optimize.CommandText = "PRAGMA optimize;";
            await optimize.ExecuteNonQueryAsync();
            _readers?.StatisticsChanged();
        }
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync();
            _checkpointer = null;
        }
    }

    /// <summary>Nothing to do: row ids are commit-ordered already, and there is no other node to tell.</summary>
    public Task CommittingAsync(DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task LockAsync(JadeDbContext db, LockedRow row, long id, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public bool IsWriteConflict(Exception exception) => false;

    /// <summary>
    /// The file, not a statement, is at fault: it cannot be opened, read or written (its rights, a full disk, damage), or
    /// another process holds it. A statement SQLite refuses (SQLITE_ERROR: a query the app got wrong, or a text it cannot
    /// read) is no outage: it is not retried, nor told to come back later.
    /// </summary>
    public bool IsUnreachable(Exception exception) => exception switch
    {
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) is raw.SQLITE_PERM or raw.SQLITE_BUSY or raw.SQLITE_LOCKED or raw.SQLITE_NOMEM
            or raw.SQLITE_READONLY or raw.SQLITE_IOERR or raw.SQLITE_CORRUPT or raw.SQLITE_FULL or raw.SQLITE_CANTOPEN or raw.SQLITE_PROTOCOL
            or raw.SQLITE_NOTADB,
        _ => exception is IOException,
    };

    /// <summary>
    /// A deferred transaction: Microsoft.Data.Sqlite's default (IMMEDIATE) would take the write lock for the whole
    /// read; deferred, its first read fixes a snapshot of the write-ahead log and the writer goes on committing.
    /// </summary>
    public async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginSnapshotAsync(JadeDbContext db, CancellationToken cancellationToken = default)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        return await db.Database.UseTransactionAsync(connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: true), cancellationToken)
            ?? throw new InvalidOperationException("The snapshot transaction was not taken up.");
    }
}
