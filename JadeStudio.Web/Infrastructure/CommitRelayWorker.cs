using JadeStudio.Storage.PostgreSql;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Runs <see cref="PostgresCommitRelay"/> for the life of the app. The app starts serving once the node listens (or after
/// 10 s without a database, when the relay keeps trying), so a page opened here hears of every commit made after it loaded.
/// </summary>
public sealed class CommitRelayWorker(PostgresCommitRelay relay) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.Run(() => relay.RunAsync(_stopping.Token), CancellationToken.None);
        await Task.WhenAny(relay.Listening, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
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
