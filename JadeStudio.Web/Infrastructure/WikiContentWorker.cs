using JadeStudio.Core.WikiContent;

namespace JadeStudio.Web.Infrastructure;

/// <summary>Runs the background reads of wiki content (<see cref="WikiContentFetcher"/>) for the app's lifetime.</summary>
public sealed class WikiContentWorker(WikiContentFetcher fetcher) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => fetcher.RunAsync(stoppingToken);
}
