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

    private WikiContentService Service(WikiContentOptions? options = null) =>
        new(_wiki, _core.Database, _core.Writer, _core.Wikis, options ?? new WikiContentOptions(), _core.Clock);

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Metadata_is_read_from_the_cache_while_fresh_and_asked_again_once_expired()
    {
        var service = Service();
        var (first, _) = await service.RevisionsAsync("enwiki", [101, 102], background: true);
        Assert.Equal("Kestrel", first[101].Title);
        Assert.Equal(100, first[101].SizeChange);

        await service.RevisionsAsync("enwiki", [101, 102], background: true);
        Assert.Equal(1, _wiki.RevisionCalls);

        _core.Clock.Now += TimeSpan.FromHours(25);
        await service.RevisionsAsync("enwiki", [101], background: true);
        Assert.Equal(2, _wiki.RevisionCalls);
    }

    [Fact]
    public async Task A_part_the_wiki_hides_later_is_dropped_from_the_cache_at_the_next_check()
    {
        var service = Service();
        await service.RevisionsAsync("enwiki", [201], background: false);
        _wiki.Revision = id => Make(id, new WikiHiding(User: true, Comment: true, Text: false, Suppressed: true));
        _core.Clock.Now += TimeSpan.FromHours(25);

        var (revisions, _) = await service.RevisionsAsync("enwiki", [201], background: false);

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

        await service.RevisionsAsync("enwiki", [402, 403], background: false);
        Assert.Equal(2, await service.PurgeAsync("enwiki", 402));
        Assert.Equal(2, await service.PurgeAsync("enwiki"));
        Assert.Equal(0, await _core.CountAsync(db => db.Set<CachedRevision>()) + await _core.CountAsync(db => db.Set<CachedDiff>()));
    }
}
