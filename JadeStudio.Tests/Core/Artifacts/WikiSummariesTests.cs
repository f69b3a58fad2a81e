using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Artifacts;

public sealed class WikiSummariesTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _reviewer = default!;
    private ArtifactQueries _queries = default!;
    private WikiSummaries _summaries = default!;

    public async Task InitializeAsync()
    {
        _reviewer = await _core.UserAsync("Reviewer", "reviewer");
        _queries = new ArtifactQueries(_core.Database);
        _summaries = new WikiSummaries(_queries, _core.Hub, _core.Clock);
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private static ArtifactKey Edit(long revId) => new("enwiki", ArtifactType.Diff, revId);

    [Fact]
    public async Task Counts_are_kept_until_a_write_and_made_again_at_most_every_30_seconds_while_writes_go_on()
    {
        (await _core.Judgments.ProposeOrEndorseAsync(_reviewer, CoreHarness.Propose(true, false, artifact: Edit(101)))).OrThrow();
        var first = await _summaries.GetAsync();
        Assert.True(first.Current);
        Assert.Equal(new WikiSummary("enwiki", 1, 1, 0), first.Of("enwiki"));
        // No write since: the same count, not made again.
        Assert.Same(first.Wikis, (await _summaries.GetAsync()).Wikis);

        _core.Clock.Now += TimeSpan.FromSeconds(10);
        (await _core.Judgments.ProposeOrEndorseAsync(_reviewer, CoreHarness.Propose(false, true, artifact: Edit(102)))).OrThrow();
        var stale = await _summaries.GetAsync();
        Assert.False(stale.Current);
        Assert.Equal(1, stale.Of("enwiki").Judged);
        Assert.Equal(first.CountedAt, stale.CountedAt);

        _core.Clock.Now += TimeSpan.FromSeconds(20);
        var again = await _summaries.GetAsync();
        Assert.True(again.Current);
        Assert.Equal(new WikiSummary("enwiki", 2, 2, 0), again.Of("enwiki"));
        Assert.Equal(_core.Clock.Now, again.CountedAt);
    }

    [Fact]
    public async Task Each_filter_counts_what_its_list_holds()
    {
        var researcher = await _core.UserAsync("Researcher", "researcher");
        var campaign = await _core.CampaignAsync(researcher, wiki: "enwiki");
        (await _core.UploadAsync(researcher, campaign, "201\n202\n203\n", "ids.txt")).OrThrow();
        var second = await _core.UserAsync("Second reviewer", "reviewer");
        (await _core.Judgments.ProposeOrEndorseAsync(_reviewer, CoreHarness.Propose(true, false, artifact: Edit(201)))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(second, CoreHarness.Propose(false, true, artifact: Edit(201)))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_reviewer, CoreHarness.Propose(false, true, artifact: Edit(202)))).OrThrow();

        var counts = (await _summaries.GetAsync()).Of("enwiki");

        Assert.Equal(new WikiSummary("enwiki", 3, 2, 1), counts);
        foreach (var filter in Enum.GetValues<ArtifactFilter>())
        {
            var listed = await _queries.ListAsync("enwiki", null, filter, ArtifactSort.Newest, 0, 100);
            Assert.Equal(listed.Count, counts.Count(filter));
        }
        Assert.Equal(1, counts.Count(ArtifactFilter.Unjudged));
        Assert.Equal(new WikiSummary("nlwiki", 0, 0, 0), (await _summaries.GetAsync()).Of("nlwiki"));
    }

    [Fact]
    public async Task Views_at_the_same_moment_share_one_count()
    {
        (await _core.Judgments.ProposeOrEndorseAsync(_reviewer, CoreHarness.Propose(true, false, artifact: Edit(301)))).OrThrow();

        var views = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _summaries.GetAsync())));

        Assert.All(views, view => Assert.Same(views[0].Wikis, view.Wikis));
    }

    [Fact]
    public async Task A_list_newest_first_pages_from_where_the_last_page_ended_with_both_types_of_one_revision_in_one_order()
    {
        await using (var db = _core.Database.CreateDbContext())
        {
            db.AddRange(new[] { (ArtifactType.Diff, 500L), (ArtifactType.Revision, 500L), (ArtifactType.Diff, 499L), (ArtifactType.Revision, 501L), (ArtifactType.Diff, 498L) }
                .Select(a => new Artifact { Wiki = "cswiki", Type = a.Item1, RevId = a.Item2 }));
            await db.SaveChangesAsync();
        }
        string[] newest = ["cswiki/revision/501", "cswiki/revision/500", "cswiki/diff/500", "cswiki/diff/499", "cswiki/diff/498"];

        var walked = new List<string>();
        ArtifactKey? after = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await _queries.NewestAfterAsync("cswiki", ArtifactFilter.All, after, 2);
            walked.AddRange(page.Select(r => r.Key.ToString()));
            if (page.Count < 2)
            {
                break;
            }
            after = page[^1].Key;
        }

        Assert.Equal(newest, walked);
        Assert.Equal(newest, (await _queries.ListAsync("cswiki", null, ArtifactFilter.All, ArtifactSort.Newest, 0, 10)).Select(r => r.Key.ToString()));
        Assert.Equal(newest.Reverse(), (await _queries.ListAsync("cswiki", null, ArtifactFilter.All, ArtifactSort.Oldest, 0, 10)).Select(r => r.Key.ToString()));
        Assert.Equal(newest[2..4], (await _queries.ListAsync("cswiki", null, ArtifactFilter.All, ArtifactSort.Newest, 2, 2)).Select(r => r.Key.ToString()));
    }
}
