using JadeStudio.Storage.PostgreSql;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Runs <see cref="PostgresCommitRelay"/> for the life of the app. The app starts serving only once the node listens, so a
/// page opened here hears of every commit made after it loaded (the database was reachable a moment before, when the
/// schema was checked; while it is not, the relay keeps trying and says so in the log). A relay that fails for another
/// reason stops the node, as any failed background service does (<see cref="BackgroundFailures"/>): a node that went on
/// serving without hearing the others would show what they changed stale, for as long as it ran.
/// </summary>
public sealed class CommitRelayWorker(PostgresCommitRelay relay) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        await relay.Listening.WaitAsync(cancellationToken);
    }

    // On a thread-pool thread: the relay's first connection must not hold up the host's start of other services.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => relay.RunAsync(stoppingToken), CancellationToken.None);
}
