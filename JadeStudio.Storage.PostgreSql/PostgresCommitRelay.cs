using System.Threading.Channels;
using JadeStudio.Core.Events;
using JadeStudio.Core.Jobs;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>
/// Brings other nodes' commits to this node: listens on <see cref="PostgresStore.CommitChannel"/> (PostgreSQL's
/// LISTEN/NOTIFY, no other server), reads the events each notice names and hands them to the local <see cref="EventHub"/>,
/// so open pages and feed subscribers here hear of them, and caches read before them are renewed. On the same connection it
/// hears <see cref="PostgresStore.JobChannel"/>: background jobs' progress, from whichever node runs them, for pages here.
/// </summary>
public sealed class PostgresCommitRelay
{
    private readonly PostgresStore _store;
    private readonly IDbContextFactory<JadeDbContext> _contexts;
    private readonly EventHub _hub;
    private readonly JobHub _jobs;
    private readonly ResiliencePipeline _reconnect;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PostgresCommitRelay(PostgresStore store, IDbContextFactory<JadeDbContext> contexts, EventHub hub, JobHub jobs, ILogger<PostgresCommitRelay> logger)
    {
        (_store, _contexts, _hub, _jobs) = (store, contexts, hub, jobs);
        // A lost connection is opened again, sooner first, then at most every 30 s, for as long as the node runs (Polly).
        _reconnect = DatabaseRetries.UntilReachable(failure => failure is NpgsqlException or TimeoutException, retry =>
        {
            logger.LogWarning(retry.Outcome.Exception, "Lost the database connection that hears other nodes' commits; listening again in {Delay}.", retry.RetryDelay);
            // Everything read before may be stale: the commits while not listening are unknown.
            hub.CommittedElsewhere([]);
            return default;
        });
    }

    /// <summary>Completes once this node listens (the app serves only then), or fails with what stopped it.</summary>
    public Task Listening => _listening.Task;

    /// <summary>Raised each time the relay listens, the first time and after every lost connection it opened again.</summary>
    public event Action? Listened;

    /// <summary>How many missed events the relay reads and hands the hub at once when it catches up after a lost connection.</summary>
    public int CatchUpPageSize { get; init; } = 1_000;

    /// <summary>The newest event this node's hub has heard of (null until the relay first listens).</summary>
    private long? _heardUpTo;

    /// <summary>Listens until cancelled; the commits made while a lost connection was opened again are relayed once it listens.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _reconnect.ExecuteAsync(ListenAsync, cancellationToken);
        }
        catch (Exception stopped) when (stopped is not OperationCanceledException)
        {
            _listening.TrySetException(stopped);
            throw;
        }
    }

    private async ValueTask ListenAsync(CancellationToken cancellationToken)
    {
        var notices = Channel.CreateUnbounded<CommitNotice>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        await using var connection = await _store.DataSource.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, notification) =>
        {
            if (notification.Channel == PostgresStore.JobChannel)
            {
                if (long.TryParse(notification.Payload, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var jobId))
                {
                    _jobs.Raise(jobId);
                }
            }
            else if (CommitNotice.Parse(notification.Payload) is { } notice)
            {
                // This node's own commits too: they are not relayed, but count as heard.
                notices.Writer.TryWrite(notice);
            }
        };
        // The first time: read before listening, so that a commit in between is caught up, not lost.
        _heardUpTo ??= await NewestEventAsync(cancellationToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresStore.CommitChannel}; LISTEN {PostgresStore.JobChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }
        _listening.TrySetResult();
        Listened?.Invoke();
        // A relay that failed (the events of a notice could not be read) stops the listening too: the connection is opened
        // again and what was missed caught up, where listening on would leave this node deaf to the others.
        using var relayFailed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var relaying = RelayAsync(notices.Reader, relayFailed, cancellationToken);
        try
        {
            while (true)
            {
                // Notifications arrive while the connection waits; they are relayed on another task so reading events never blocks hearing.
                await connection.WaitAsync(relayFailed.Token);
            }
        }
        catch (OperationCanceledException) when (relaying.IsFaulted)
        {
            // The relay's own failure is thrown below.
        }
        finally
        {
            notices.Writer.TryComplete();
            await relaying;
        }
    }

    /// <summary>
    /// Once listening (again, after a lost connection), hands this node's hub the events committed while it did not listen
    /// (no notification of theirs reached it), so live pages and feeds hear of them too: a name hidden meanwhile leaves
    /// the pages open here. Positions are numbered in commit order (<see cref="PostgresStore.CommittingAsync"/>), so every
    /// event after the last one heard is one this node missed; a commit read here and also notified is relayed once.
    /// </summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        // A page at a time: an outage of a minute at a busy wiki's write rate is tens of thousands of events, which neither
        // this node's memory nor a page's handler should take in one piece.
        while (true)
        {
            var heard = _heardUpTo!.Value;
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            List<StoredEvent> missed;
            try
            {
                missed = await db.Events.AsNoTracking().Where(e => e.Seq > heard).OrderBy(e => e.Seq).Take(CatchUpPageSize).ToListAsync(cancellationToken);
            }
            catch (PostgresException noSchema) when (noSchema.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // A node that listens before the database has its schema (it waits for its migrations): no event to miss.
                return;
            }
            if (missed.Count == 0)
            {
                return;
            }
            _heardUpTo = missed[^1].Seq;
            _hub.CommittedElsewhere(missed);
            if (missed.Count < CatchUpPageSize)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The newest event's position; 0 while the database has no schema yet (a node started before another made it, which
    /// waits for it, still listens: there is no event to miss).
    /// </summary>
    private async Task<long> NewestEventAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            return await db.Events.MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
        }
        catch (PostgresException missing) when (missing.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    private async Task RelayAsync(ChannelReader<CommitNotice> notices, CancellationTokenSource failed, CancellationToken cancellationToken)
    {
        try
        {
            await CatchUpAsync(cancellationToken);
            await foreach (var notice in notices.ReadAllAsync(cancellationToken))
            {
                if (notice.Node == _store.NodeId)
                {
                    _heardUpTo = Math.Max(_heardUpTo!.Value, notice.LastSeq);
                    continue;
                }
                IReadOnlyList<StoredEvent> events = [];
                if (notice.HasEvents)
                {
                    // Those read already when it listened again are not relayed twice.
                    var from = Math.Max(notice.FirstSeq, _heardUpTo!.Value + 1);
                    if (from > notice.LastSeq)
                    {
                        continue;
                    }
                    await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
                    events = await db.Events.AsNoTracking().Where(e => e.Seq >= from && e.Seq <= notice.LastSeq).OrderBy(e => e.Seq).ToListAsync(cancellationToken);
                    _heardUpTo = Math.Max(_heardUpTo!.Value, notice.LastSeq);
                }
                _hub.CommittedElsewhere(events);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
    }
}
