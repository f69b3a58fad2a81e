using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace JadeStudio.Core.Storage;

/// <summary>
/// Copies the write-ahead log back into the database file on a connection of its own, after the writer's commits
/// rather than inside them. By default SQLite runs that copy (a checkpoint: the log's pages written into the file, then
/// the file synced) inside the commit that takes the log past 1,000 pages, so that commit — and with group commit every
/// command of its batch — waits for it. Here the writer's commit only reports the log's size (SQLite's WAL hook, which
/// takes the default's place), and this connection runs the same PASSIVE checkpoint at the same size while the writer
/// goes on. A PASSIVE checkpoint never waits for readers or the writer; what it cannot copy yet, the next one does.
/// </summary>
public sealed class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>SQLite's own default (<c>PRAGMA wal_autocheckpoint</c>).</summary>
    public const int PagesBeforeCheckpoint = 1000;

    private const string Library = RawStatement.Columns.Library;

    // One pending request is enough: a checkpoint copies whatever the log holds when it runs.
    private readonly Channel<bool> _due = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly SqliteConnection _writer;
    private readonly SqliteConnection _connection;
    // Held for as long as it is registered: SQLite calls it through a pointer the collector does not see.
    private readonly WalHook _hook;
    private readonly Task _loop;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SqliteCheckpointer(SqliteConnection writer, SqliteConnection connection)
    {
        _writer = writer;
        _connection = connection;
        _hook = OnCommit;
        _ = SetWalHook(writer.Handle!.DangerousGetHandle(), _hook, IntPtr.Zero);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes when the next checkpoint has run (tests await it rather than watch the file).</summary>
    internal Task NextCheckpoint => Volatile.Read(ref _next).Task;

    /// <summary>
    /// Takes over the writer connection's checkpoints, or leaves SQLite's default in place (null) when SQLitePCLRaw
    /// runs another SQLite build than the one this class calls into.
    /// </summary>
    public static async Task<SqliteCheckpointer?> AttachAsync(SqliteConnection writer, string databasePath, CancellationToken cancellationToken = default)
    {
        if (!RawStatement.Columns.OfTheSameLibrary)
        {
            return null;
        }
        var connection = new SqliteConnection(SqliteDatabase.ConnectionString(databasePath));
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            // A checkpoint syncs the log before copying and the file after, as the writer's own would.
            pragma.CommandText = "PRAGMA synchronous=FULL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return new SqliteCheckpointer(writer, connection);
    }

    /// <summary>Called by SQLite inside each commit of the writer's connection, with the pages the log now holds: only notes it.</summary>
    private int OnCommit(IntPtr argument, IntPtr database, IntPtr databaseName, int pages)
    {
        if (pages >= PagesBeforeCheckpoint)
        {
            _due.Writer.TryWrite(true);
        }
        return raw.SQLITE_OK;
    }

    private async Task RunAsync()
    {
        await foreach (var _ in _due.Reader.ReadAllAsync())
        {
            try
            {
                await using var checkpoint = _connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await checkpoint.ExecuteNonQueryAsync();
                Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
            }
            catch (SqliteException)
            {
                // As SQLite's own automatic checkpoint does, a failed one (another checkpoint running, a full disk) is
                // left to the next: the log keeps every committed page until one succeeds.
            }
        }
    }

    /// <summary>Gives the writer's connection SQLite's default checkpoints back, then stops (call before the writer closes).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_writer.State == System.Data.ConnectionState.Open)
        {
            // Replaces this hook with SQLite's default one.
            raw.sqlite3_wal_autocheckpoint(_writer.Handle, PagesBeforeCheckpoint);
        }
        _due.Writer.TryComplete();
        await _loop;
        await _connection.DisposeAsync();
        GC.KeepAlive(_hook);
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int WalHook(IntPtr argument, IntPtr database, IntPtr databaseName, int pages);

    // SQLitePCLRaw does not wrap sqlite3_wal_hook; it is the same library Microsoft.Data.Sqlite loads (checked above).
    [DllImport(Library, EntryPoint = "sqlite3_wal_hook", ExactSpelling = true)]
    private static extern IntPtr SetWalHook(IntPtr database, WalHook hook, IntPtr argument);
}
