using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Core.Storage;

/// <summary>
/// Contexts for SQLite's readers, each on a connection lent to it alone until it is disposed (decision 0002). Opening
/// a connection for every unit of work (the file, the pragmas, the whole schema parsed again on its first statement)
/// cost more than the reads of a feed page or an API token check; an idle connection is kept for the next reader.
/// <para>
/// Microsoft.Data.Sqlite's own pool stays off: it can hand one native handle to two openers at once
/// (dotnet/efcore#39008). Here a connection has one owner at a time — the context it was lent to — and comes back only
/// when that context is disposed, open and outside any transaction; otherwise it is closed.
/// </para>
/// </summary>
/// <param name="logging">Where EF Core's own warnings go (the app's log).</param>
public sealed class SqliteReaderContexts(string databasePath, ILoggerFactory? logging = null) : IDbContextFactory<JadeDbContext>, IDisposable
{
    /// <summary>
    /// Idle connections kept. Each holds its own page cache (SQLite's default, up to 2 MB); more readers than this at
    /// once still get a connection, and the ones beyond it are closed when given back.
    /// </summary>
    public const int IdleLimit = 16;

    private readonly ConcurrentStack<Reader> _idle = new();
    private int _idleCount;
    private int _generation;
    private volatile bool _disposed;

    /// <summary>Connections opened so far (tests: readers after the first reuse one).</summary>
    public int Opened => _opened;

    private int _opened;

    public JadeDbContext CreateDbContext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Reader? reader;
        while (_idle.TryPop(out reader))
        {
            Interlocked.Decrement(ref _idleCount);
            if (reader.Generation == Volatile.Read(ref _generation))
            {
                break;
            }
            reader.Connection.Dispose();
            reader = null;
        }
        reader ??= Open();
        var context = reader.Contexts.CreateDbContext();
        context.ConnectionLease = new Lease(this, reader);
        return context;
    }

    /// <summary>
    /// The file's statistics changed (<c>ANALYZE</c>, run by <c>PRAGMA optimize</c> on the writer's connection). A
    /// connection reads them once, with the schema, and plans every query by them: one opened before would go on
    /// planning lookups by key as scans of tables it still believes empty. Connections opened before are closed.
    /// </summary>
    public void StatisticsChanged()
    {
        Interlocked.Increment(ref _generation);
        CloseIdle();
    }

    private Reader Open()
    {
        var generation = Volatile.Read(ref _generation);
        var connection = new SqliteConnection(SqliteDatabase.ConnectionString(databasePath));
        try
        {
            connection.Open();
            SqliteDatabase.ApplyReaderPragmas(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        Interlocked.Increment(ref _opened);
        // A context per connection, reused: building one resolves EF Core's scoped services anew (an API token check
        // paid it on every request), a pooled one is reset when given back. EF Core registers its SQL functions on the
        // connection when the context first opens it, which is safe here because nothing else is stepping a statement on it.
        var options = new DbContextOptionsBuilder<JadeDbContext>().UseSqlite(connection, sqlite => sqlite.UseParameterizedCollectionMode(ListParameters.Mode)).AddInterceptors(NulCharacterGuard.Instance).UseLoggerFactory(logging).Options;
        return new Reader(connection, new PooledDbContextFactory<JadeDbContext>(options, poolSize: 1), generation);
    }

    private void GiveBack(Reader reader)
    {
        // A transaction left open would keep this connection on an old snapshot of the file for its next reader.
        var reusable = reader.Connection.State == System.Data.ConnectionState.Open
            && SQLitePCL.raw.sqlite3_get_autocommit(reader.Connection.Handle) != 0;
        if (reusable && !_disposed && reader.Generation == Volatile.Read(ref _generation))
        {
            if (Interlocked.Increment(ref _idleCount) <= IdleLimit)
            {
                _idle.Push(reader);
                if (_disposed)
                {
                    CloseIdle(); // disposed meanwhile: nothing may stay open
                }
                return;
            }
            Interlocked.Decrement(ref _idleCount);
        }
        reader.Connection.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        CloseIdle();
    }

    private void CloseIdle()
    {
        while (_idle.TryPop(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
            reader.Connection.Dispose();
        }
    }

    private sealed record Reader(SqliteConnection Connection, PooledDbContextFactory<JadeDbContext> Contexts, int Generation);

    /// <summary>Gives its connection back once, however often the context is disposed.</summary>
    private sealed class Lease(SqliteReaderContexts pool, Reader reader) : IDisposable
    {
        private int _returned;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0)
            {
                pool.GiveBack(reader);
            }
        }
    }
}
