using JadeStudio.Core.Patrol;
using JadeStudio.Core.WikiContent;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JadeStudio.Tests.Core.Patrol;

/// <summary>The worker that reads a wiki's recent changes into its patrol queue, round after round, as its log tells it.</summary>
public sealed class PatrolFeedWorkerTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    /// <summary>Down for the first rounds, then the same two edits at every round (a quiet wiki).</summary>
    private sealed class QuietWiki(ManualClock clock) : IRecentChangesSource
    {
        private readonly TaskCompletionSource _tenthRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        /// <summary>Completes when the worker asks for the tenth time (three rounds down, then seven quiet ones).</summary>
        public Task TenthRound => _tenthRound.Task;

        public Task<WikiContentResult<IReadOnlyList<RecentEdit>>> RecentChangesAsync(string wiki, int limit, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            if (call == 10)
            {
                _tenthRound.TrySetResult();
            }
            return Task.FromResult(call <= 3
                ? WikiContentResult<IReadOnlyList<RecentEdit>>.Failed(new WikiContentProblem.Unavailable("timeout"))
                : WikiContentResult<IReadOnlyList<RecentEdit>>.Of([Edit(12), Edit(11)]));
        }

        private RecentEdit Edit(long revId) => new(revId + 1000, revId, revId - 1, "Page " + revId, "Editor " + revId, clock.Now.AddMinutes(-1), "summary", 100, 150, false);
    }

    [Fact]
    public async Task An_outage_then_quiet_rounds_are_logged_once_each_not_at_every_round()
    {
        var options = new PatrolOptions { Wikis = ["enwiki"], PollSeconds = 0.02 };
        var queue = new PatrolQueue(_core.Writer, _core.Actors, _core.Database, options, _core.Wikis, _core.Clock);
        var wiki = new QuietWiki(_core.Clock);
        var log = new FakeLogger<PatrolFeedWorker>();
        using var worker = new PatrolFeedWorker(queue, wiki, _core.Scores, options, log);

        await worker.StartAsync(CancellationToken.None);
        await wiki.TenthRound.WaitAsync(TimeSpan.FromSeconds(30));
        await worker.StopAsync(CancellationToken.None);

        Assert.True(wiki.Calls >= 10, $"the wiki was asked {wiki.Calls} times");
        var logged = log.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Information).ToList();
        Assert.Equal(
            ["Warning: The recent changes of enwiki could not be read", "Information: The recent changes of enwiki can be read again.", "Information: Patrol queue of enwiki: 2 new edits."],
            logged.Select(r => $"{r.Level}: {(r.Message.Contains('(', StringComparison.Ordinal) ? r.Message[..r.Message.IndexOf(" (", StringComparison.Ordinal)] : r.Message)}"));
        var reader = await _core.ViewerAsync(await _core.UserAsync("Patroller"));
        Assert.Equal([12L, 11L], (await queue.QueueAsync("enwiki", reader)).Select(i => i.Artifact.RevId).Order().Reverse());
    }

    /// <summary>A wiki whose first answer is cut off by a time limit of the request's own (not the node stopping), then answers.</summary>
    private sealed class TimedOutOnce : IRecentChangesSource
    {
        private readonly TaskCompletionSource _thirdRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public Task ThirdRound => _thirdRound.Task;

        public Task<WikiContentResult<IReadOnlyList<RecentEdit>>> RecentChangesAsync(string wiki, int limit, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            if (call == 3)
            {
                _thirdRound.TrySetResult();
            }
            return call == 1
                ? throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.")
                : Task.FromResult(WikiContentResult<IReadOnlyList<RecentEdit>>.Of([]));
        }
    }

    [Fact]
    public async Task A_request_cut_off_by_its_own_time_limit_is_a_failed_round_not_a_stopped_node()
    {
        var options = new PatrolOptions { Wikis = ["enwiki"], PollSeconds = 0.02 };
        var queue = new PatrolQueue(_core.Writer, _core.Actors, _core.Database, options, _core.Wikis, _core.Clock);
        var wiki = new TimedOutOnce();
        var log = new FakeLogger<PatrolFeedWorker>();
        using var worker = new PatrolFeedWorker(queue, wiki, _core.Scores, options, log);

        await worker.StartAsync(CancellationToken.None);
        // A failed worker stops the host (BackgroundFailures): it must still be asking, round after round.
        await Task.WhenAny(wiki.ThirdRound, worker.ExecuteTask!).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(worker.ExecuteTask!.IsFaulted, worker.ExecuteTask.Exception?.GetBaseException().Message);
        await worker.StopAsync(CancellationToken.None);

        Assert.True(wiki.ThirdRound.IsCompleted);
        Assert.Contains(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Exception is TaskCanceledException);
    }
}
