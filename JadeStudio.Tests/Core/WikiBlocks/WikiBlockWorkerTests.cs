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
    /// <summary>
    /// A wiki whose first answer is cut off by a time limit of the request's own (not the node stopping), then says the
    /// user is blocked on English Wikipedia.
    /// </summary>
    private sealed class TimedOutOnce(int wikis) : IWikiBlockSource
    {
        private readonly TaskCompletionSource _roundAfterAFullOne = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        /// <summary>
        /// Completes when a round begins after the failed call and one full round of every wiki: the full round's answers
        /// are recorded by then.
        /// </summary>
        public Task RoundAfterAFullOne => _roundAfterAFullOne.Task;

        public Task<WikiContentResult<IReadOnlyList<WikiBlock>>> BlocksAsync(string wiki, IReadOnlyList<string> userNames, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            if (call == 1)
            {
                throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.");
            }
            if (call == 2 + wikis)
            {
                _roundAfterAFullOne.TrySetResult();
            }
            return Task.FromResult(WikiContentResult<IReadOnlyList<WikiBlock>>.Of(
                wiki == "enwiki" ? [new WikiBlock(1, "Vandal", "Admin", null, null, "spam", false)] : []));
        }
    }

    [Fact]
    public async Task A_request_cut_off_by_its_own_time_limit_is_a_failed_round_and_the_next_round_reads_the_block()
    {
        // Every answer is old at once (cache of 0 s): each round asks every wiki again, so rounds can be counted.
        var options = new WikiBlockOptions { CacheSeconds = 0, ActiveMinutes = 60, RefreshSeconds = 0.02 };
        var cache = new WikiBlockCache(new WikiCatalog(WikiCatalog.Defaults), options, TimeProvider.System);
        var wiki = new TimedOutOnce(cache.Wikis.Count);
        var log = new FakeLogger<WikiBlockWorker>();
        using var worker = new WikiBlockWorker(new WikiBlockRefresher(cache, wiki, new FakeLogger<WikiBlockRefresher>()), cache, options, log);

        await worker.StartAsync(CancellationToken.None);
        Assert.Empty(cache.Seen(7, "Vandal"));
        await Task.WhenAny(wiki.RoundAfterAFullOne, worker.ExecuteTask!).WaitAsync(TimeSpan.FromSeconds(30));
        // A failed worker stops the host (BackgroundFailures): it must have gone on to the next round.
        Assert.False(worker.ExecuteTask!.IsCompleted, $"The worker ended ({worker.ExecuteTask.Status}): {worker.ExecuteTask.Exception?.GetBaseException().Message}");
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(["enwiki"], Assert.Single(cache.Seen(7, "Vandal")).Wikis);
        Assert.Contains(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Exception is TaskCanceledException);
    }
}
