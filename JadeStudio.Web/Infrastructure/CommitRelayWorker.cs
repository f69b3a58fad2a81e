using JadeStudio.Storage.PostgreSql;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Runs <see cref="PostgresCommitRelay"/> for the life of the app. The app starts serving only once the node listens, so a
/// page opened here hears of every commit made after it loaded (the database was reachable a moment before, when the
/// schema was checked; while it is not, the relay keeps trying and says so in the log).
/// </summary>
public sealed class CommitRelayWorker(PostgresCommitRelay relay) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.Run(() => relay.RunAsync(_stopping.Token), CancellationToken.None);
        await relay.Listening.WaitAsync(cancellationToken);
    }

    /// <summary>Stops listening; safe to call more than once (hosts in tests stop and then dispose).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }
        if (_running is not null)
        {
            await _running.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public void Dispose() => _stopping.Dispose();
}
