using JadeStudio.Core.WikiBlocks;
using JadeStudio.Core.WikiContent;
using JadeStudio.Core.Wikis;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JadeStudio.Tests.Core.WikiBlocks;

/// <summary>How long a wiki's word on a user's blocks is trusted, and what a wiki that does not answer changes.</summary>
public sealed class WikiBlockCacheTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeSource _source = new();
    private readonly WikiBlockCache _cache;
    private readonly WikiBlockRefresher _refresher;
    private readonly FakeLogger<WikiBlockRefresher> _log = new();

    public WikiBlockCacheTests()
    {
        _cache = new WikiBlockCache(new WikiCatalog(WikiCatalog.Defaults), new WikiBlockOptions { CacheSeconds = 120, ActiveMinutes = 60 }, _clock);
        _refresher = new WikiBlockRefresher(_cache, _source, _log);
    }

    private sealed class FakeSource : IWikiBlockSource
    {
        public Dictionary<string, WikiBlock> Blocked { get; } = [];
        public HashSet<string> Down { get; } = [];
        public int Requests { get; private set; }

        /// <summary>While set, English Wikipedia's answer (what it says when asked) reaches the caller only once this completes.</summary>
        public Task? HoldEnwiki { get; set; }

        public async Task<WikiContentResult<IReadOnlyList<WikiBlock>>> BlocksAsync(string wiki, IReadOnlyList<string> userNames, CancellationToken cancellationToken)
        {
            Requests++;
            var answer = Down.Contains(wiki)
                ? WikiContentResult<IReadOnlyList<WikiBlock>>.Failed(new WikiContentProblem.Unavailable("timeout"))
                : WikiContentResult<IReadOnlyList<WikiBlock>>.Of(Blocked.TryGetValue(wiki, out var block) && userNames.Contains(block.User) ? [block] : []);
            if (wiki == "enwiki" && HoldEnwiki is { } hold)
            {
                await hold;
            }
            return answer;
        }
    }

    private static WikiBlock Block(string user, DateTimeOffset? expiry = null) => new(1, user, "Admin", null, expiry, "spam", false);

    [Fact]
    public async Task A_new_block_applies_once_the_cached_answer_is_older_than_the_cache_allows()
    {
        var wanted = 0;
        _cache.UserWanted += () => wanted++;
        Assert.Empty(_cache.Seen(7, "Vandal"));
        Assert.Equal(1, wanted);
        await _refresher.RefreshAsync(CancellationToken.None);

        _source.Blocked["enwiki"] = Block("Vandal");
        _clock.Now = _clock.Now.AddSeconds(60);
        await _refresher.RefreshAsync(CancellationToken.None);
        Assert.Empty(_cache.Seen(7, "Vandal"));

        _clock.Now = _clock.Now.AddSeconds(61);
        await _refresher.RefreshAsync(CancellationToken.None);
        var block = Assert.Single(_cache.Seen(7, "Vandal"));
        Assert.Equal(["enwiki"], block.Wikis);
        Assert.Equal("spam", block.Reason);
        Assert.Equal(1, wanted);
    }

    [Fact]
    public async Task A_round_that_asked_before_a_block_was_placed_does_not_lift_it_by_returning_after_a_later_round()
    {
        Assert.Empty(_cache.Seen(7, "Vandal"));
        var slowAnswer = new TaskCompletionSource();
        _source.HoldEnwiki = slowAnswer.Task;
        var earlier = _refresher.RefreshAsync(CancellationToken.None); // enwiki answered "not blocked"; the answer is on its way
        _source.HoldEnwiki = null;

        _source.Blocked["enwiki"] = Block("Vandal");
        _clock.Now = _clock.Now.AddSeconds(1);
        await _refresher.RefreshAsync(CancellationToken.None);
        Assert.Single(_cache.Seen(7, "Vandal"));

        slowAnswer.SetResult();
        await earlier;
        Assert.Equal(["enwiki"], Assert.Single(_cache.Seen(7, "Vandal")).Wikis);
    }

    [Fact]
    public async Task A_wiki_that_does_not_answer_is_asked_again_on_the_next_round_not_on_each_action_of_the_user()
    {
        var wanted = 0;
        _cache.UserWanted += () => wanted++;
        _source.Down.Add("enwiki");
        _cache.Seen(7, "Reviewer");
        await _refresher.RefreshAsync(CancellationToken.None);
        Assert.Contains(_cache.Due(), u => u.UserId == 7);

        // Every command and page of the user sees them: none of these may set off another round against every wiki.
        for (var action = 0; action < 20; action++)
        {
            _cache.Seen(7, "Reviewer");
        }
        Assert.Equal(1, wanted);
        // The round that comes anyway asks again.
        var before = _source.Requests;
        await _refresher.RefreshAsync(CancellationToken.None);
        Assert.Equal(_cache.Wikis.Count, _source.Requests - before);
    }

    [Fact]
    public async Task A_wiki_that_stops_answering_is_logged_as_a_warning_when_it_stops_and_once_when_it_answers_again()
    {
        _cache.Seen(7, "Reviewer");
        _source.Down.Add("enwiki");
        for (var round = 0; round < 4; round++)
        {
            await _refresher.RefreshAsync(CancellationToken.None);
        }
        Assert.Equal(4 * _cache.Wikis.Count, _source.Requests);
        var warning = Assert.Single(_log.Collector.GetSnapshot(), entry => entry.Level >= LogLevel.Warning);
        Assert.Contains("enwiki", warning.Message);

        _source.Down.Clear();
        await _refresher.RefreshAsync(CancellationToken.None);
        Assert.Single(_log.Collector.GetSnapshot(), entry => entry.Level == LogLevel.Information && entry.Message.Contains("enwiki"));

        // A later outage is news again.
        _source.Down.Add("enwiki");
        _clock.Now = _clock.Now.AddMinutes(3);
        await _refresher.RefreshAsync(CancellationToken.None);
        Assert.Equal(2, _log.Collector.GetSnapshot().Count(entry => entry.Level >= LogLevel.Warning));
    }

    [Fact]
    public async Task An_expired_block_refuses_nothing_and_a_wiki_that_does_not_answer_keeps_its_word_and_is_asked_again()
    {
        _cache.Seen(7, "Vandal");
        _source.Blocked["enwiki"] = Block("Vandal", _clock.Now.AddMinutes(5));
        await _refresher.RefreshAsync(CancellationToken.None);
        Assert.Single(_cache.Seen(7, "Vandal"));

        _source.Down.Add("enwiki");
        _source.Blocked.Clear();
        _clock.Now = _clock.Now.AddMinutes(3);
        await _refresher.RefreshAsync(CancellationToken.None);
        Assert.Single(_cache.Seen(7, "Vandal"));
        Assert.Contains(_cache.Due(), u => u.UserId == 7);

        _clock.Now = _clock.Now.AddMinutes(3);
        Assert.Empty(_cache.Seen(7, "Vandal"));
    }

    [Fact]
    public async Task Users_not_seen_for_an_hour_are_no_longer_asked_about()
    {
        _cache.Seen(7, "Gone");
        await _refresher.RefreshAsync(CancellationToken.None);
        var asked = _source.Requests;

        _clock.Now = _clock.Now.AddMinutes(61);
        await _refresher.RefreshAsync(CancellationToken.None);

        Assert.Equal(asked, _source.Requests);
        Assert.Empty(_cache.Due());
    }
}
