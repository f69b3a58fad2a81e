using System.Threading.Channels;
using JadeStudio.Core.Events;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>
/// Brings other nodes' commits to this node: listens on <see cref="PostgresStore.CommitChannel"/> (PostgreSQL's
/// LISTEN/NOTIFY, no other server), reads the events each notice names and hands them to the local <see cref="EventHub"/>,
/// so open pages and feed subscribers here hear of them, and caches read before them are renewed.
/// </summary>
public sealed class PostgresCommitRelay(PostgresStore store, IDbContextFactory<JadeDbContext> contexts, EventHub hub, ILogger<PostgresCommitRelay> logger)
{
    /// <summary>Listens until cancelled; a lost connection is opened again (the commits meanwhile are not replayed: readers re-read the database).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(cancellationToken);
            }
            catch (Exception failure) when (failure is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(failure, "Lost the database connection that hears other nodes' commits; listening again in 5 s.");
                // Everything read before may be stale: the commits while not listening are unknown.
                hub.CommittedElsewhere([]);
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            }
        }
    }

    /// <summary>Set once this node listens (tests and readiness wait for it).</summary>
    public Task Listening => _listening.Task;

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var notices = Channel.CreateUnbounded<CommitNotice>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, notification) =>
        {
            if (CommitNotice.Parse(notification.Payload) is { } notice && notice.Node != store.NodeId)
            {
                notices.Writer.TryWrite(notice);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresStore.CommitChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }
        _listening.TrySetResult();
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
                    await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                    events = await db.Events.AsNoTracking().Where(e => e.Seq >= notice.FirstSeq && e.Seq <= notice.LastSeq).OrderBy(e => e.Seq).ToListAsync(cancellationToken);
                }
                hub.CommittedElsewhere(events);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
