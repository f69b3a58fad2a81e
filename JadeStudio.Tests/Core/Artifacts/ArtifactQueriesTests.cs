using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Artifacts;

/// <summary>The orders and filters of a wiki's artifact list, page by page.</summary>
public sealed class ArtifactQueriesTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _reviewer = default!;
    private ActorRef _second = default!;
    private ArtifactQueries _queries = default!;

    public async Task InitializeAsync()
    {
        _reviewer = await _core.UserAsync("Reviewer", "reviewer");
        _second = await _core.UserAsync("Second reviewer", "reviewer");
        _queries = new ArtifactQueries(_core.Database);
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private static ArtifactKey Edit(long revId) => new("enwiki", ArtifactType.Diff, revId);

    /// <summary>Every page of <paramref name="size"/> from the start, joined: what a reader paging through the list sees.</summary>
    private async Task<List<string>> PagedAsync(ArtifactQueries queries, ArtifactFilter filter, ArtifactSort sort, int size)
    {
        var seen = new List<string>();
        for (var skip = 0; skip < 50; skip += size)
        {
            seen.AddRange((await queries.ListAsync("enwiki", null, filter, sort, skip, size)).Select(r => $"{r.Key.RevId}:{r.Proposals}"));
        }
        return seen;
    }

    /// <summary>Six uploaded edits; 202 judged twice (disputed), 204 and 201 once; 203, 205 and 206 unjudged.</summary>
    private async Task<long> JudgedAsync()
    {
        var researcher = await _core.UserAsync("Researcher", "researcher");
        var campaign = await _core.CampaignAsync(researcher, wiki: "enwiki");
        (await _core.UploadAsync(researcher, campaign, "201\n202\n203\n204\n205\n206\n", "ids.txt")).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_reviewer, CoreHarness.Propose(true, false, artifact: Edit(201)))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_reviewer, CoreHarness.Propose(true, false, artifact: Edit(202)))).OrThrow();
        var competing = (await _core.Judgments.ProposeOrEndorseAsync(_second, CoreHarness.Propose(false, true, artifact: Edit(202)))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_reviewer, CoreHarness.Propose(false, true, artifact: Edit(204)))).OrThrow();
        return competing.ProposalId!.Value;
    }

    [Fact]
    public async Task Most_proposals_first_lists_judged_edits_by_their_count_then_the_unjudged_newest_first_on_every_page()
    {
        var competing = await JudgedAsync();
        string[] expected = ["202:2", "204:1", "201:1", "206:0", "205:0", "203:0"];

        Assert.Equal(expected, await PagedAsync(_queries, ArtifactFilter.All, ArtifactSort.MostProposals, 25));
        // Pages of two: one ends inside the judged, one starts past them.
        Assert.Equal(expected, await PagedAsync(_queries, ArtifactFilter.All, ArtifactSort.MostProposals, 2));
        Assert.Equal(expected, await PagedAsync(_queries, ArtifactFilter.All, ArtifactSort.MostProposals, 4));
        Assert.Equal(["202:2", "204:1", "201:1"], await PagedAsync(_queries, ArtifactFilter.Judged, ArtifactSort.MostProposals, 2));
        Assert.Equal(["206:0", "205:0", "203:0"], await PagedAsync(_queries, ArtifactFilter.Unjudged, ArtifactSort.MostProposals, 2));

        // Withdrawing a proposal moves its edit down at once.
        (await _core.Judgments.DeleteProposalAsync(_second, competing, null)).OrThrow();
        Assert.Equal(["204:1", "202:1", "201:1", "206:0", "205:0", "203:0"], await PagedAsync(_queries, ArtifactFilter.All, ArtifactSort.MostProposals, 2));
    }

    [Fact]
    public async Task The_disputed_filter_lists_the_same_edits_whether_disputes_are_read_from_their_index_or_by_walking_the_wiki()
    {
        await JudgedAsync();
        (await _core.Judgments.ProposeOrEndorseAsync(_reviewer, CoreHarness.Propose(true, false, artifact: Edit(205)))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_second, CoreHarness.Propose(false, false, artifact: Edit(205)))).OrThrow();
        string[] disputed = ["205:2", "202:2"];

        Assert.Equal(disputed, await PagedAsync(_queries, ArtifactFilter.Disputed, ArtifactSort.Newest, 1));
        Assert.Equal(disputed, await PagedAsync(new ArtifactQueries(_core.Database, fewDisputes: 0), ArtifactFilter.Disputed, ArtifactSort.Newest, 1));
        Assert.Equal(disputed.Reverse(), await PagedAsync(_queries, ArtifactFilter.Disputed, ArtifactSort.Oldest, 1));
    }

    [Fact]
    public async Task By_title_lists_titled_edits_alphabetically_then_the_untitled_newest_first_on_every_page()
    {
        await using (var db = _core.Database.CreateDbContext())
        {
            db.AddRange(new[] { (301L, "Beta"), (302L, null), (303L, "Alpha"), (304L, "Alpha"), (305L, null), (306L, "Gamma") }
                .Select(a => new Artifact { Wiki = "enwiki", Type = ArtifactType.Diff, RevId = a.Item1, PageTitle = a.Item2 }));
            await db.SaveChangesAsync();
        }
        (await _core.Judgments.ProposeOrEndorseAsync(_reviewer, CoreHarness.Propose(true, false, artifact: Edit(303)))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_reviewer, CoreHarness.Propose(true, false, artifact: Edit(305)))).OrThrow();
        string[] expected = ["304:0", "303:1", "301:0", "306:0", "305:1", "302:0"];

        foreach (var size in new[] { 25, 4, 3, 2, 1 })
        {
            Assert.Equal(expected, await PagedAsync(_queries, ArtifactFilter.All, ArtifactSort.Title, size));
        }
        Assert.Equal(["303:1", "305:1"], await PagedAsync(_queries, ArtifactFilter.Judged, ArtifactSort.Title, 1));
        Assert.Equal(["304:0", "301:0", "306:0", "302:0"], await PagedAsync(_queries, ArtifactFilter.Unjudged, ArtifactSort.Title, 3));
    }
}
