using System.Threading.Channels;
using JadeStudio.Core.Events;
using JadeStudio.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Commands;

/// <summary>What a running command sees: its own DbContext inside the shared batch transaction, the clock, and the event log.</summary>
public sealed class CommandContext
{
    private readonly List<StoredEvent> _events = [];

    internal CommandContext(JadeDbContext db, DateTimeOffset now)
    {
        Db = db;
        Now = now;
    }

    public JadeDbContext Db { get; }

    /// <summary>One time for the whole command, so its rows and events agree.</summary>
    public DateTimeOffset Now { get; }

    internal IReadOnlyList<StoredEvent> Events => _events;

    /// <summary>Appends an event; it is written in the same transaction as the change it records.</summary>
    public void Emit(StoredEvent stored)
    {
        stored.At = Now;
        _events.Add(stored);
        Db.Events.Add(stored);
    }
}

/// <summary>
/// The single writer (DESIGN.md §4). SQLite allows one writer, so every change is queued here and
/// applied by one loop that commits small batches in one transaction ("group commit"), each
/// command inside its own savepoint so one refused command does not fail its batch. A caller's
/// task completes only after the commit returned: success means committed and durable.
/// </summary>
public sealed class CommandWriter : IAsyncDisposable
{
    private const int MaxBatch = 64;

    private readonly Channel<IPendingCommand> _queue = Channel.CreateUnbounded<IPendingCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly DbContextOptions<JadeDbContext> _options;
    private readonly EventHub _hub;
    private readonly TimeProvider _clock;
    private readonly Task _loop;

    public CommandWriter(string databasePath, EventHub hub, TimeProvider clock)
    {
        _hub = hub;
        _clock = clock;
        _connection = new SqliteConnection(SqliteDatabase.ConnectionString(databasePath));
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            // A larger page cache than SQLite's 2 MB for the one connection that writes: a large import's
            // transaction otherwise spills index pages to the WAL and reads them back many times over.
            // optimize=0x10002: statistics for tables never analysed, as SQLite advises for a long-lived connection.
            pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA cache_size=-32768; PRAGMA optimize=0x10002;";
            pragma.ExecuteNonQuery();
        }
        _options = new DbContextOptionsBuilder<JadeDbContext>().UseSqlite(_connection).Options;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Runs a command in the writer. A <see cref="JadeException"/> from it becomes a failed result with nothing changed.</summary>
    public Task<Result<T>> ExecuteAsync<T>(Func<CommandContext, Task<T>> command, CancellationToken cancellationToken = default)
    {
        var pending = new PendingCommand<T>(command, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(CommandWriter));
        }
        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<IPendingCommand>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                if (!next.CancellationToken.IsCancellationRequested)
                {
                    batch.Add(next);
                }
                else
                {
                    next.Cancel();
                }
            }
            if (batch.Count > 0)
            {
                await RunBatchAsync(batch);
            }
        }
    }

    private async Task RunBatchAsync(List<IPendingCommand> batch)
    {
        var outcomes = new List<(IPendingCommand Command, CommandContext? Context, Exception? Failure)>(batch.Count);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync();
            for (var i = 0; i < batch.Count; i++)
            {
                var savepoint = "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await transaction.SaveAsync(savepoint);
                await using var db = new JadeDbContext(_options);
                await db.Database.UseTransactionAsync(transaction);
                var context = new CommandContext(db, _clock.GetUtcNow());
                try
                {
                    await batch[i].RunAsync(context);
                    await db.SaveChangesAsync();
                    await transaction.ReleaseAsync(savepoint);
                    outcomes.Add((batch[i], context, null));
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    await transaction.RollbackAsync(savepoint);
                    outcomes.Add((batch[i], null, exception));
                }
            }
            await transaction.CommitAsync();
            _hub.Committed();
        }
        catch (Exception commitFailure) when (commitFailure is not OutOfMemoryException)
        {
            // Nothing of the batch is durable: every command in it fails.
            foreach (var command in batch)
            {
                command.Fail(commitFailure);
            }
            return;
        }

        // Subscribers hear of the batch before any caller resumes, so "my write returned" implies
        // "live views were told" (both strictly after the commit).
        _hub.Publish(outcomes.Where(o => o.Failure is null).SelectMany(o => o.Context!.Events).ToList());
        foreach (var (command, _, failure) in outcomes)
        {
            if (failure is null)
            {
                command.Succeed();
            }
            else
            {
                command.Fail(failure);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        // On close, as SQLite advises: statistics the queries of this run showed to be missing. It writes, so it
        // runs here, on the writer's connection, and not on readers' (it would take the write lock mid-read).
        if (_connection.State == System.Data.ConnectionState.Open)
        {
            await using var optimize = _connection.CreateCommand();
            optimize.CommandText = "PRAGMA optimize;";
            await optimize.ExecuteNonQueryAsync();
        }
        await _connection.DisposeAsync();
    }

    private interface IPendingCommand
    {
        CancellationToken CancellationToken { get; }
        Task RunAsync(CommandContext context);
        void Succeed();
        void Fail(Exception exception);
        void Cancel();
    }

    private sealed class PendingCommand<T>(Func<CommandContext, Task<T>> command, CancellationToken cancellationToken) : IPendingCommand
    {
        private T? _value;

        public TaskCompletionSource<Result<T>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken CancellationToken => cancellationToken;

        public async Task RunAsync(CommandContext context) => _value = await command(context);

        public void Succeed() => Completion.TrySetResult(_value!);

        public void Fail(Exception exception)
        {
            if (exception is JadeException refused)
            {
                Completion.TrySetResult(refused.Error);
            }
            else
            {
                Completion.TrySetException(exception);
            }
        }

        public void Cancel() => Completion.TrySetCanceled(cancellationToken);
    }
}
