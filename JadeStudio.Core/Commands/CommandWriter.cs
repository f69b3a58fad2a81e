using System.Threading.Channels;
using JadeStudio.Core.Events;
using JadeStudio.Core.Storage;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace JadeStudio.Core.Commands;

/// <summary>What a running command sees: its own DbContext inside the shared batch transaction, the clock, and the event log.</summary>
public sealed class CommandContext
{
    private readonly List<StoredEvent> _events = [];

    internal CommandContext(JadeDbContext db, DateTimeOffset now, IDatabaseStore store)
    {
        Db = db;
        Now = now;
        Store = store;
    }

    public JadeDbContext Db { get; }

    /// <summary>One time for the whole command, so its rows and events agree.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The database product's own ways (bulk writes, the text index, locks).</summary>
    public IDatabaseStore Store { get; }

    internal IReadOnlyList<StoredEvent> Events => _events;

    private string? _tags;

    /// <summary>The length of <see cref="StoredEvent.Tags"/>.</summary>
    public const int MaxTags = 512;

    /// <summary>Marks every event of this command with a change tag (an abuse filter's), as MediaWiki tags edits.</summary>
    public void Tag(string tag)
    {
        // Each tag once, and no more than the column holds (a change matched by very many filters keeps the first tags).
        if (_tags?.Split(' ').Contains(tag) == true || (_tags?.Length ?? 0) + tag.Length + 1 > MaxTags)
        {
            return;
        }
        _tags = _tags is null ? tag : _tags + " " + tag;
        foreach (var stored in _events)
        {
            stored.Tags = _tags;
        }
    }

    /// <summary>Appends an event; it is written in the same transaction as the change it records.</summary>
    public void Emit(StoredEvent stored)
    {
        stored.At = Now;
        stored.Tags ??= _tags;
        _events.Add(stored);
        Db.Events.Add(stored);
    }

    /// <summary>Locks the row until the batch commits: a rule that counts rows then holds against other nodes' writers too.</summary>
    public Task LockAsync(LockedRow row, long id, CancellationToken cancellationToken = default) => Store.LockAsync(Db, row, id, cancellationToken);
}

/// <summary>
/// The node's single writer (DESIGN.md §4). Every change is queued here and applied by one loop that commits small
/// batches in one transaction ("group commit"), each command inside its own savepoint so one refused command does not
/// fail its batch. A caller's task completes only after the commit returned: success means committed and durable.
/// <para>
/// With several nodes on one PostgreSQL database, writers of other nodes run at the same time: the rules then hold by
/// constraints and row locks (<see cref="CommandContext.LockAsync"/>), a command that lost a race with another node
/// (a unique violation, a deadlock) is run again in the next batch, a few times at most, and the events' positions are
/// given at commit in commit order (<see cref="IDatabaseStore.CommittingAsync"/>).
/// </para>
/// </summary>
public sealed class CommandWriter : IAsyncDisposable
{
    private const int MaxBatch = 64;

    /// <summary>Runs of one command that lost a race with another node's writer before it is reported as failed.</summary>
    internal const int MaxAttempts = 5;

    private readonly Channel<IPendingCommand> _queue = Channel.CreateUnbounded<IPendingCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDatabaseStore _store;
    private readonly EventHub _hub;
    private readonly TimeProvider _clock;
    private readonly Task _loop;
    // Opened by OpenAsync or the first batch, not when the writer is made: the app makes it while SQLite's start-up check
    // still reads the file, and nothing may touch a file before that check has passed.
    private DbConnection? _connection;
    private PooledDbContextFactory<JadeDbContext>? _contexts;
    private readonly SemaphoreSlim _opening = new(1, 1);

    private readonly Metrics.JadeMetrics? _metrics;
    private long _waiting;

    public CommandWriter(IDatabaseStore store, EventHub hub, TimeProvider clock, Metrics.JadeMetrics? metrics = null)
    {
        _store = store;
        _hub = hub;
        _clock = clock;
        _metrics = metrics;
        // Counted here: the single-reader channel cannot count its items.
        metrics?.ObserveWriterQueue(() => Volatile.Read(ref _waiting));
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Opens the writer's connection now (its pragmas, SQLite's statistics for tables never analysed) rather than at the
    /// first command; called once the database is known good and current.
    /// </summary>
    public async Task OpenAsync()
    {
        await _opening.WaitAsync();
        try
        {
            await OpenIfBrokenAsync();
        }
        finally
        {
            _opening.Release();
        }
    }

    /// <summary>Runs a command in the writer. A <see cref="JadeException"/> from it becomes a failed result with nothing changed.</summary>
    public Task<Result<T>> ExecuteAsync<T>(Func<CommandContext, Task<T>> command, CancellationToken cancellationToken = default)
    {
        var pending = new PendingCommand<T>(command, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(CommandWriter));
        }
        Interlocked.Increment(ref _waiting);
        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<IPendingCommand>(MaxBatch);
        var retries = new List<IPendingCommand>();
        while (retries.Count > 0 || await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            // Commands that lost a race go first, in a transaction that holds none of the locks they waited for.
            batch.AddRange(retries);
            retries.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                Interlocked.Decrement(ref _waiting);
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
                retries.AddRange(await RunBatchAsync(batch));
            }
        }
    }

    /// <returns>The commands to run again in the next batch.</returns>
    private async Task<List<IPendingCommand>> RunBatchAsync(List<IPendingCommand> batch)
    {
        var outcomes = new List<(IPendingCommand Command, CommandContext? Context, Exception? Failure)>(batch.Count);
        var retries = new List<IPendingCommand>();
        List<StoredEvent> events;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await OpenAsync();
            await using var transaction = await _connection!.BeginTransactionAsync();
            for (var i = 0; i < batch.Count; i++)
            {
                var savepoint = "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await transaction.SaveAsync(savepoint);
                await using var db = _contexts!.CreateDbContext();
                await db.Database.UseTransactionAsync(transaction);
                // The command's own savepoint above undoes it whole on failure; EF Core's savepoint around each of its
                // saves would add two statements per save (on PostgreSQL two round trips) and undo nothing more.
                db.Database.AutoSavepointsEnabled = false;
                var context = new CommandContext(db, _clock.GetUtcNow(), _store);
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
                    if (!_store.IsWriteConflict(exception))
                    {
                        outcomes.Add((batch[i], null, exception));
                    }
                    else if (++batch[i].Attempts < MaxAttempts)
                    {
                        retries.Add(batch[i]);
                    }
                    else
                    {
                        // Lost every race: a refusal the caller can act on (try again), never an unexplained failure.
                        outcomes.Add((batch[i], null, new JadeException(new JadeError.WriteConflict())));
                    }
                }
            }
            events = outcomes.Where(o => o.Failure is null).SelectMany(o => o.Context!.Events).ToList();
            await _store.CommittingAsync(transaction, events);
            await transaction.CommitAsync();
            _hub.Committed();
            _metrics?.Committed(events, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (Exception commitFailure) when (commitFailure is not OutOfMemoryException)
        {
            // The batch failed as a whole: every command in it fails — as "the database could not be reached" where that
            // is the cause, a refusal callers can explain and retry.
            var failure = _store.IsUnreachable(commitFailure) ? new JadeException(new JadeError.DatabaseUnavailable()) : commitFailure;
            foreach (var command in batch)
            {
                command.Fail(failure);
            }
            return [];
        }

        // Subscribers hear of the batch before any caller resumes, so "my write returned" implies
        // "live views were told" (both strictly after the commit).
        _hub.Publish(events);
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
        return retries;
    }

    /// <summary>
    /// The commands' contexts on the writer's connection, one at a time, reused: a new context resolves EF Core's scoped
    /// services anew (6 % of the app's CPU under 64 writing clients, sampled), a reused one is only reset.
    /// </summary>
    private static PooledDbContextFactory<JadeDbContext> ContextsOn(IDatabaseStore store, DbConnection connection) =>
        new(store.WriterOptions(connection), poolSize: 2);

    /// <summary>
    /// Opens the connection the first time, and replaces a broken one: a server's connection can break (a restart, a
    /// network fault). While the server stays unreachable the attempt throws, so every batch fails as "database
    /// unavailable" until it is back.
    /// </summary>
    private async Task OpenIfBrokenAsync()
    {
        if (_connection?.State == System.Data.ConnectionState.Open)
        {
            return;
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _connection = await _store.OpenWriterConnectionAsync();
        _contexts = ContextsOn(_store, _connection);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        if (_connection is not null)
        {
            await _store.CloseWriterConnectionAsync(_connection);
            await _connection.DisposeAsync();
        }
        _opening.Dispose();
    }

    private interface IPendingCommand
    {
        CancellationToken CancellationToken { get; }
        int Attempts { get; set; }
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

        public int Attempts { get; set; }

        public async Task RunAsync(CommandContext context) => _value = await command(context);

        public void Succeed() => Completion.TrySetResult(_value!);

        public void Fail(Exception exception)
        {
            if (JadeException.Within(exception) is { } refused)
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
