using System.Threading.Channels;
using JadeStudio.Core;
using JadeStudio.Core.Dumps;
using JadeStudio.Core.Events;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Hears every committed redaction (this node's and, relayed, other nodes') and queues a dump run for it, so older public
/// dumps that carry the value are rewritten at once instead of staying unavailable until the next scheduled run.
/// </summary>
public sealed class DumpRedactionWorker(EventHub hub, DumpRequests requests, ILogger<DumpRedactionWorker> logger) : BackgroundService
{
    private readonly Channel<long> _redactions = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private IDisposable? _subscription;

    /// <summary>Subscribes before the host goes on: <see cref="ExecuteAsync"/> runs later, on the thread pool.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The hub's handlers run on the writer: they only hand the event over.
        _subscription = hub.Subscribe(events =>
        {
            foreach (var committed in events.Where(DumpRequests.IsRedaction))
            {
                _redactions.Writer.TryWrite(committed.Seq);
            }
        });
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var seq in _redactions.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await requests.AfterRedactionAsync(seq, stoppingToken);
            }
            catch (Exception failed) when (!failed.IsStopOf(stoppingToken))
            {
                // The dumps stay unavailable until the next run rewrites them: nothing is served that should not be.
                logger.LogWarning(failed, "A dump run after redaction {Seq} could not be queued; the next scheduled run applies it.", seq);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await base.StopAsync(cancellationToken);
    }
}
