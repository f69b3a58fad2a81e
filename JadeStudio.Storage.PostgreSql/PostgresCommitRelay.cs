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

    /// <summary>Listens until cancelled (the commits while a lost connection is opened again are not replayed: readers re-read the database).</summary>
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
            else if (CommitNotice.Parse(notification.Payload) is { } notice && notice.Node != _store.NodeId)
            {
                notices.Writer.TryWrite(notice);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresStore.CommitChannel}; LISTEN {PostgresStore.JobChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }
        _listening.TrySetResult();
        Listened?.Invoke();
        var relaying = RelayAsync(notices.Reader, cancellationToken);
        try
        {
            while (true)
            {
                // Notifications arrive while the connection waits; they are relayed on another task so reading events never blocks hearing.
                await connection.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            notices.Writer.TryComplete();
            await relaying;
        }
    }

    private async Task RelayAsync(ChannelReader<CommitNotice> notices, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var notice in notices.ReadAllAsync(cancellationToken))
            {
                IReadOnlyList<StoredEvent> events = [];
                if (notice.HasEvents)
                {
                    await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
                    events = await db.Events.AsNoTracking().Where(e => e.Seq >= notice.FirstSeq && e.Seq <= notice.LastSeq).OrderBy(e => e.Seq).ToListAsync(cancellationToken);
                }
                _hub.CommittedElsewhere(events);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
