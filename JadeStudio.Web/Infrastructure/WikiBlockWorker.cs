using System.Threading.Channels;
using JadeStudio.Core;
using JadeStudio.Core.WikiBlocks;

namespace JadeStudio.Web.Infrastructure;

/// <summary>Keeps active users' wiki blocks fresh: every few seconds, and at once when a user is seen for the first time.</summary>
public sealed class WikiBlockWorker(WikiBlockRefresher refresher, WikiBlockCache cache, WikiBlockOptions options, ILogger<WikiBlockWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void Wanted() => wake.Writer.TryWrite(true);
        cache.UserWanted += Wanted;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await refresher.RefreshAsync(stoppingToken);
                }
                catch (Exception exception) when (!exception.IsStopOf(stoppingToken))
                {
                    logger.LogError(exception, "Reading blocks from the wikis failed; the next round tries again.");
                }
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(options.RefreshSeconds));
                try
                {
                    await wake.Reader.ReadAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The round is due.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            cache.UserWanted -= Wanted;
        }
    }
}
