using JadeStudio.Core.WikiBlocks;
using JadeStudio.Core.WikiContent;
using JadeStudio.Core.Wikis;
using JadeStudio.Web.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JadeStudio.Tests.Core.WikiBlocks;

/// <summary>The worker that keeps active users' wiki blocks fresh, round after round, whatever one round meets.</summary>
public sealed class WikiBlockWorkerTests
{
    /// <summary>A wiki whose first answer is cut off by a time limit of the request's own (not the node stopping), then says the user is blocked.</summary>
    private sealed class TimedOutOnce : IWikiBlockSource
    {
        private int _calls;

        public Task<WikiContentResult<IReadOnlyList<WikiBlock>>> BlocksAsync(string wiki, IReadOnlyList<string> userNames, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.")
                : Task.FromResult(WikiContentResult<IReadOnlyList<WikiBlock>>.Of(
                    wiki == "enwiki" ? [new WikiBlock(1, "Vandal", "Admin", null, null, "spam", false)] : []));
    }

    [Fact]
    public async Task A_request_cut_off_by_its_own_time_limit_is_a_failed_round_and_the_next_round_reads_the_block()
    {
        var options = new WikiBlockOptions { CacheSeconds = 120, ActiveMinutes = 60, RefreshSeconds = 0.02 };
        var cache = new WikiBlockCache(new WikiCatalog(WikiCatalog.Defaults), options, TimeProvider.System);
        var log = new FakeLogger<WikiBlockWorker>();
        using var worker = new WikiBlockWorker(new WikiBlockRefresher(cache, new TimedOutOnce(), new FakeLogger<WikiBlockRefresher>()), cache, options, log);

        await worker.StartAsync(CancellationToken.None);
        Assert.Empty(cache.Seen(7, "Vandal"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (cache.Seen(7, "Vandal").Count == 0 && !worker.ExecuteTask!.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        // A failed worker stops the host (BackgroundFailures): it must have gone on to the next round.
        Assert.False(worker.ExecuteTask!.IsCompleted, $"The worker ended ({worker.ExecuteTask.Status}): {worker.ExecuteTask.Exception?.GetBaseException().Message}");
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(["enwiki"], Assert.Single(cache.Seen(7, "Vandal")).Wikis);
        Assert.Contains(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Exception is TaskCanceledException);
    }
}
