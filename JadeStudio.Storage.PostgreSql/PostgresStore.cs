using System.Data.Common;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Events;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Jobs;
using JadeStudio.Core.Scores;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>
/// The store for several app nodes: one PostgreSQL database (<c>ConnectionStrings:JadeStudio</c>), each node with its own
/// single writer. What SQLite's one write lock gave for free is kept here by the database: constraints, row locks taken by
/// commands, commit-ordered event positions, and retries of commands that lost a race with another node.
/// </summary>
public sealed class PostgresStore : IDatabaseStore, IAsyncDisposable
{
    /// <summary>The advisory lock under which a transaction numbers its events and commits (any number outside JadeStudio's other locks).</summary>
    private const long EventPositionLock = 0x4A414445_00000001;

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _writerSource;
    private readonly NpgsqlDataSource _countsSource;

    /// <summary>The most connections a node opens for rate counts (docs/deployment.md counts them per node).</summary>
    public const int CountsPoolSize = 4;
    private readonly string _connectionString;

    public PostgresStore(string connectionString, WikiCatalog wikis)
    {
        _connectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        // The writer runs the same few statements for every command on one long-lived connection: prepared on the
        // server after their second use, each is then bound and run without being parsed and planned again.
        _writerSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 });
        // Rate counts are committed without waiting for the disk: every API write by one caller updates the same row,
        // and with a durable commit each waited for the one before it to reach the disk. A crash may lose the last
        // moment's counts, never data. The upsert is prepared on the server after its second use. A few connections
        // serve thousands of counts a second; the cap keeps a node's connections within what docs/deployment.md budgets.
        _countsSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Options = "-c synchronous_commit=off",
            MaxAutoPrepare = 4,
            AutoPrepareMinUsages = 2,
            MaxPoolSize = CountsPoolSize,
        });
        TextSearch = new PostgresTextSearch(wikis);
    }

    /// <summary>Connections for what is neither a context nor the writer (notifications, bulk copies).</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Connections for the API's rate counts, whose commits do not wait for the disk.</summary>
    public NpgsqlDataSource CountsSource => _countsSource;

    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public string Description
    {
        get
        {
            var settings = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
            return $"PostgreSQL database {settings.Database} on {settings.Host}:{settings.Port}";
        }
    }

    public ITextSearch TextSearch { get; }

    public ITaskBulkInsert TaskBulkInsert { get; } = new PostgresTaskBulkInsert();

    public IAnalysisReads AnalysisReads { get; } = new PostgresAnalysisReads();

    public Core.Events.IEventReads EventReads { get; } = new PostgresEventReads();

    public void Configure(DbContextOptionsBuilder options) => PostgresDatabase.Configure(options, _dataSource);

    /// <summary>
    /// Readers' contexts from EF Core's pool (reset when given back, not built anew): creating a context resolves its
    /// scoped services again, a cost every API token check paid on its own. Npgsql's pool keeps the connections.
    /// </summary>
    public IDbContextFactory<JadeDbContext> CreateContextFactory(ILoggerFactory logging) =>
        new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<JadeDbContext>(StoreContextFactory.OptionsFor(this, logging));

    /// <summary>
    /// A cluster: every node's scheduler shares the database's job tables; a job runs on one node, and the jobs of a node
    /// that stops checking in are taken over by another. The connection string keeps its password (a data source's does not).
    /// </summary>
    public void ConfigureJobStore(IPersistentStoreBuilder jobStore, JobOptions options)
    {
        jobStore.UsePostgres(_connectionString);
        jobStore.UseClustering(cluster =>
        {
            cluster.CheckinInterval = TimeSpan.FromSeconds(options.CheckinSeconds);
            cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(options.CheckinMisfireSeconds);
        });
    }

    public void BeginStartupChecks()
    {
    }

    public Task<IReadOnlyList<string>> MigrateAsync(JadeDbContext db, CancellationToken cancellationToken = default) =>
        SaidPlainlyAsync(() => PostgresDatabase.MigrateAsync(db, cancellationToken));

    public Task<IReadOnlyList<string>> VerifyAsync(JadeDbContext db, CancellationToken cancellationToken = default) =>
        SaidPlainlyAsync(() => PostgresDatabase.VerifyAsync(db, cancellationToken));

    /// <summary>A server that cannot be reached at start is an operator's matter: one sentence, not a stack trace.</summary>
    private async Task<T> SaidPlainlyAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception unreachable) when (IsUnreachable(unreachable))
        {
            throw new DatabaseStartupException($"The {Description} could not be reached: {unreachable.Message}");
        }
    }

    public async Task<DbConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken = default) => await _writerSource.OpenConnectionAsync(cancellationToken);

    public DbContextOptions<JadeDbContext> WriterOptions(DbConnection connection)
    {
        var options = new DbContextOptionsBuilder<JadeDbContext>();
        PostgresDatabase.Configure(options, (NpgsqlConnection)connection);
        return options.Options;
    }

    public Task CloseWriterConnectionAsync(DbConnection connection) => Task.CompletedTask;

    /// <summary>The channel on which nodes tell each other of commits (<see cref="PostgresCommitRelay"/>).</summary>
    public const string CommitChannel = "jadestudio_commits";

    /// <summary>The channel that carries "background job N moved" (its id) to every node (<see cref="PostgresJobSignal"/>).</summary>
    public const string JobChannel = "jadestudio_jobs";

    /// <summary>This node, in its commit notifications, so it does not relay its own commits to itself.</summary>
    public Guid NodeId { get; } = Guid.NewGuid();

    /// <summary>
    /// Events are written with a temporary negative <c>Seq</c> (the identity counts down, see the Baseline migration); here,
    /// under a transaction-scoped advisory lock that is released only when the transaction has committed, they get the next
    /// positions of <c>event_positions</c>. A transaction that numbers after another therefore commits after it: a reader
    /// that sees position n has seen every position below n, and never pages past an event that commits later. Then a
    /// notification, which PostgreSQL delivers to listening nodes only once the transaction has committed, and in commit order.
    /// </summary>
    public async Task CommittingAsync(DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default)
    {
        var connection = (NpgsqlConnection)transaction.Connection!;
        var (first, last) = (0L, 0L);
        if (events.Count > 0)
        {
            // Written first, numbered first: the temporary ids count down.
            var inOrder = events.OrderByDescending(e => e.Seq).ToList();
            await using (var lockPositions = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock)", connection, (NpgsqlTransaction)transaction))
            {
                lockPositions.Parameters.AddWithValue("lock", EventPositionLock);
                await lockPositions.ExecuteNonQueryAsync(cancellationToken);
            }
            // The i-th event written gets the i-th of the new positions.
            await using var number = new NpgsqlCommand("""
                WITH ordered AS (SELECT nextval('event_positions') AS position FROM generate_series(1, @count)),
                     numbered AS (SELECT position, row_number() OVER (ORDER BY position) AS n FROM ordered)
                UPDATE events e SET "Seq" = numbered.position
                FROM unnest(@temporary) WITH ORDINALITY AS t(seq, n) JOIN numbered ON numbered.n = t.n
                WHERE e."Seq" = t.seq
                RETURNING e."Seq"
                """, connection, (NpgsqlTransaction)transaction);
            number.Parameters.AddWithValue("count", inOrder.Count);
            number.Parameters.AddWithValue("temporary", inOrder.Select(e => e.Seq).ToArray());
            var positions = new List<long>(inOrder.Count);
            await using (var reader = await number.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    positions.Add(reader.GetInt64(0));
                }
            }
            positions.Sort();
            for (var i = 0; i < inOrder.Count; i++)
            {
                inOrder[i].Seq = positions[i];
            }
            (first, last) = (positions[0], positions[^1]);
        }
        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection, (NpgsqlTransaction)transaction);
        notify.Parameters.AddWithValue("channel", CommitChannel);
        notify.Parameters.AddWithValue("payload", CommitNotice.Format(NodeId, first, last));
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task LockAsync(JadeDbContext db, LockedRow row, long id, CancellationToken cancellationToken = default) => row switch
    {
        LockedRow.Artifact => db.Database.ExecuteSqlAsync($"SELECT 1 FROM artifacts WHERE \"Id\" = {id} FOR UPDATE", cancellationToken),
        LockedRow.Campaign => db.Database.ExecuteSqlAsync($"SELECT 1 FROM campaigns WHERE \"Id\" = {id} FOR UPDATE", cancellationToken),
        LockedRow.User => db.Database.ExecuteSqlAsync($"SELECT 1 FROM users WHERE \"Id\" = {id} FOR UPDATE", cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(row)),
    };

    /// <summary>A unique violation (another node inserted the same row first), a deadlock, a serialization failure or a lock wait given up.</summary>
    public bool IsWriteConflict(Exception exception) =>
        Find<PostgresException>(exception)?.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.LockNotAvailable;

    /// <summary>Repeatable read: PostgreSQL's snapshot for the whole transaction; a reader never blocks writers.</summary>
    public Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginSnapshotAsync(JadeDbContext db, CancellationToken cancellationToken = default) =>
        db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

    /// <summary>
    /// No connection, a broken one, the server ending it (a restart: SQL states 08… connection exceptions and 57P…
    /// shutdowns) or refusing one more (53300, all its connections in use) — not an error of a statement.
    /// </summary>
    public bool IsUnreachable(Exception exception) => Find<NpgsqlException>(exception) switch
    {
        PostgresException server => server.SqlState.StartsWith("08", StringComparison.Ordinal) || server.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || server.SqlState == PostgresErrorCodes.TooManyConnections,
        { } => true,
        null => exception is TimeoutException || Find<System.Net.Sockets.SocketException>(exception) is not null,
    };

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _writerSource.DisposeAsync();
        await _countsSource.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
