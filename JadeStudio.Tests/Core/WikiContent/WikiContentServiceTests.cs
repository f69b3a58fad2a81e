using JadeStudio.Core.Permissions;
using JadeStudio.Core.WikiContent;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.WikiContent;

/// <summary>The content cache: used while fresh, asked again when expired, and never keeping what the wiki hides.</summary>
public sealed class WikiContentServiceTests : IAsyncDisposable
{
    private readonly CoreHarness _core = new();
    private readonly ScriptedWiki _wiki = new();

    /// <summary>A wiki whose answers the test changes between calls, counting what it is asked.</summary>
    private sealed class ScriptedWiki : IWikiContentSource
    {
        public int RevisionCalls { get; private set; }
        public int DiffCalls { get; private set; }
        public Func<long, WikiRevision> Revision { get; set; } = id => Make(id);
        public Func<long, WikiContentResult<WikiDiff>> Diff { get; set; } = id => WikiContentResult<WikiDiff>.Of(new WikiDiff("enwiki", id, id - 1, 100, 130, "<tr><td class=\"diff-addedline\"><div>new words</div></td></tr>"));

        public Task<WikiContentResult<WikiRevisionBatch>> RevisionsAsync(string wiki, IReadOnlyList<long> revIds, bool background, CancellationToken cancellationToken)
        {
            RevisionCalls++;
            return Task.FromResult(WikiContentResult<WikiRevisionBatch>.Of(new WikiRevisionBatch(revIds.Select(Revision).ToList(), [])));
        }

        public Task<WikiContentResult<WikiDiff>> DiffAsync(string wiki, long revId, CancellationToken cancellationToken)
        {
            DiffCalls++;
            return Task.FromResult(Diff(revId));
        }

        public Task<WikiContentResult<WikiPageVersion>> PageAsync(string wiki, long revId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    private static WikiRevision Make(long id, WikiHiding? hidden = null) => new("enwiki", id, id - 1, 7, 0, "Kestrel", new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero),
        hidden?.User == true ? null : "Jane Doe lives at 12 Elm Street", hidden?.User == true ? null : 42, false,
        hidden?.Comment == true ? null : "my phone is 555-0100", 1200, 1100, ["mobile edit"], false, hidden ?? WikiHiding.None);

    /// <summary>A reader without any right to see hidden content.</summary>
    private static readonly IReadOnlySet<Right> Reader = new HashSet<Right>();

    private WikiContentService Service(WikiContentOptions? options = null) =>
        new(_wiki, _core.Database, _core.Writer, _core.Wikis, options ?? new WikiContentOptions(), _core.Clock);

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Metadata_is_read_from_the_cache_while_fresh_and_asked_again_once_expired()
    {
        var service = Service();
        var (first, _) = await service.RevisionsAsync("enwiki", [101, 102], Reader, background: true);
        Assert.Equal("Kestrel", first[101].Title);
        Assert.Equal(100, first[101].SizeChange);

        await service.RevisionsAsync("enwiki", [101, 102], Reader, background: true);
        Assert.Equal(1, _wiki.RevisionCalls);

        _core.Clock.Now += TimeSpan.FromHours(25);
        await service.RevisionsAsync("enwiki", [101], Reader, background: true);
        Assert.Equal(2, _wiki.RevisionCalls);
    }

    [Fact]
    public async Task A_part_the_wiki_hides_later_is_dropped_from_the_cache_at_the_next_check()
    {
        var service = Service();
        await service.RevisionsAsync("enwiki", [201], Reader, background: false);
        _wiki.Revision = id => Make(id, new WikiHiding(User: true, Comment: true, Text: false, Suppressed: true));
        _core.Clock.Now += TimeSpan.FromHours(25);

        var (revisions, _) = await service.RevisionsAsync("enwiki", [201], Reader, background: false);

        Assert.Null(revisions[201].User);
        Assert.Null(revisions[201].Comment);
        await using var db = _core.Database.CreateDbContext();
        var row = await db.Set<CachedRevision>().SingleAsync(r => r.RevId == 201);
        Assert.Null(row.User);
        Assert.Null(row.UserId);
        Assert.Null(row.Comment);
        Assert.True(row.Suppressed);
    }

    [Fact]
    public async Task An_expired_diff_whose_text_was_suppressed_meanwhile_is_not_shown_again_and_leaves_the_cache()
    {
        var service = Service();
        var diff = await service.DiffAsync("enwiki", 301);
        Assert.Contains("new words", diff.Value!.Html, StringComparison.Ordinal);
        Assert.Equal(30, diff.Value.SizeChange);
        await service.DiffAsync("enwiki", 301);
        Assert.Equal(1, _wiki.DiffCalls);

        _wiki.Diff = id => WikiContentResult<WikiDiff>.Failed(new WikiContentProblem.TextHidden(id));
        _core.Clock.Now += TimeSpan.FromHours(25);
        var again = await service.DiffAsync("enwiki", 301);

        Assert.IsType<WikiContentProblem.TextHidden>(again.Problem);
        Assert.Null(again.Value);
        Assert.Equal(0, await _core.CountAsync(db => db.Set<CachedDiff>()));
    }

    [Fact]
    public async Task The_diff_cache_is_bounded_and_an_operator_can_purge_a_revision_or_a_wiki()
    {
        var service = Service(new WikiContentOptions { MaxCachedDiffs = 2 });
        foreach (var rev in new long[] { 401, 402, 403 })
        {
            await service.DiffAsync("enwiki", rev);
            _core.Clock.Now += TimeSpan.FromMinutes(1);
        }
        await using (var db = _core.Database.CreateDbContext())
        {
            Assert.Equal([402L, 403L], await db.Set<CachedDiff>().Select(d => d.RevId).OrderBy(id => id).ToListAsync());
        }

        await service.RevisionsAsync("enwiki", [402, 403], Reader, background: false);
        Assert.Equal(2, await service.PurgeAsync("enwiki", 402));
        Assert.Equal(2, await service.PurgeAsync("enwiki"));
        Assert.Equal(0, await _core.CountAsync(db => db.Set<CachedRevision>()) + await _core.CountAsync(db => db.Set<CachedDiff>()));
    }

    [Fact]
    public async Task An_editor_whose_account_is_hidden_here_is_hidden_on_the_wikis_edits_to_all_but_those_who_see_suppressed_names()
    {
        var troll = await _core.UserAsync("Jane Doe lives at 12 Elm Street");
        var oversighter = await _core.UserAsync("Oversighter", "oversight", "sysop");
        var service = Service();
        await service.RevisionsAsync("enwiki", [501], Reader, background: false);
        (await _core.Blocks.BlockAsync(oversighter, new BlockRequest(troll.UserId!.Value, true, [], [], [], null, "abusive user name", HideUser: true))).OrThrow();

        var (forReader, _) = await service.RevisionsAsync("enwiki", [501], Reader, background: false);
        var (forOversighter, _) = await service.RevisionsAsync("enwiki", [501], (await _core.ViewerAsync(oversighter)).Rights, background: false);
        var view = await _core.Reader.GetAsync(new JadeStudio.Core.Artifacts.ArtifactKey("enwiki", JadeStudio.Core.Artifacts.ArtifactType.Diff, 501), await _core.ViewerAsync(ActorRef.Anonymous));

        Assert.Null(forReader[501].User);
        Assert.True(forReader[501].Hidden.User);
        Assert.Equal("Jane Doe lives at 12 Elm Street", forOversighter[501].User);
        Assert.Null(view.Revision!.User);
        Assert.Equal("Kestrel", view.Revision.Title);
    }

    [Fact]
    public async Task The_artifact_view_carries_the_cached_revision_only_while_it_is_fresh()
    {
        var key = new JadeStudio.Core.Artifacts.ArtifactKey("enwiki", JadeStudio.Core.Artifacts.ArtifactType.Diff, 601);
        var anonymous = await _core.ViewerAsync(ActorRef.Anonymous);
        Assert.Null((await _core.Reader.GetAsync(key, anonymous)).Revision);

        await Service().RevisionsAsync("enwiki", [601], Reader, background: true);
        var cached = (await _core.Reader.GetAsync(key, anonymous)).Revision;
        Assert.Equal("my phone is 555-0100", cached!.Comment);
        Assert.Equal(100, cached.SizeChange);

        _core.Clock.Now += TimeSpan.FromHours(25);
        (await _core.Judgments.ProposeOrEndorseAsync(await _core.UserAsync("Reviewer"), CoreHarness.Propose(false, true, artifact: key))).OrThrow();
        Assert.Null((await _core.Reader.GetAsync(key, anonymous)).Revision);
    }

    [Fact]
    public async Task Revisions_api_reads_found_uncached_are_read_in_one_background_batch_and_a_repeated_ask_joins_the_read_under_way()
    {
        var service = Service();
        var fetcher = new WikiContentFetcher(service, new WikiContentOptions(), _core.Clock);
        var first = fetcher.Request("enwiki", 801)!;
        var second = fetcher.Request("enwiki", 802)!;
        Assert.Same(first, fetcher.Request("enwiki", 801));

        using var stop = new CancellationTokenSource();
        var running = fetcher.RunAsync(stop.Token);
        await Task.WhenAll(first.Completion, second.Completion);

        Assert.Equal(1, _wiki.RevisionCalls);
        Assert.Equal(2, await _core.CountAsync(db => db.Set<CachedRevision>()));
        Assert.Null(first.Problem);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }
}
