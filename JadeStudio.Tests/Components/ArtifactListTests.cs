using Bunit;
using JadeStudio.Core.Artifacts;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Artifacts;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>A wiki's artifact list: paged, filtered and ordered by the database, the choice kept in the address.</summary>
public sealed class ArtifactListTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public async Task InitializeAsync()
    {
        var alice = await _core.UserAsync("List Alice");
        var bob = await _core.UserAsync("List Bob");
        for (var rev = 1L; rev <= 30; rev++)
        {
            (await _core.Judgments.CreateAndEndorseAsync(alice, CoreHarness.Propose(false, true, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, rev)))).OrThrow();
        }
        // Edit 7 is disputed: Bob judges it otherwise.
        (await _core.Judgments.CreateAndEndorseAsync(bob, CoreHarness.Propose(true, false, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, 7)))).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private static List<string> Ids(IRenderedComponent<ArtifactList> list) =>
        list.FindAll("[data-testid=artifact-table] tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();

    private async Task<(ComponentContext, IRenderedComponent<ArtifactList>)> OpenAsync(string query)
    {
        var context = new ComponentContext("en", _core);
        context.Services.GetRequiredService<NavigationManager>().NavigateTo("wikis/enwiki/artifacts" + query);
        var list = context.Render<ArtifactList>(p => p.Add(x => x.Wiki, "enwiki"));
        return (context, list);
    }

    [Fact]
    public async Task The_list_pages_through_the_database_newest_first()
    {
        var (context, list) = await OpenAsync("");
        await using var _ = context;
        list.WaitForAssertion(() => Assert.Equal(25, Ids(list).Count));
        Assert.Equal("enwiki/diff/30", Ids(list)[0]);
        Assert.Contains("30", list.Find("[data-testid=artifact-count]").TextContent, StringComparison.Ordinal);

        list.Find("[data-testid=artifact-pages] button[aria-label='Next page']").Click();
        list.WaitForAssertion(() => Assert.Equal(["enwiki/diff/5", "enwiki/diff/4", "enwiki/diff/3", "enwiki/diff/2", "enwiki/diff/1"], Ids(list)));
    }

    [Fact]
    public async Task A_count_made_before_the_latest_judgments_says_when_it_was_made_until_it_is_made_again()
    {
        var (context, list) = await OpenAsync("");
        await using var _ = context;
        list.WaitForAssertion(() => Assert.Contains("30 artifacts", list.Find("[data-testid=artifact-count]").TextContent, StringComparison.Ordinal));
        Assert.Empty(list.FindAll("[data-testid=wiki-counts-age]"));

        _core.Clock.Now += TimeSpan.FromSeconds(10);
        var carol = await _core.UserAsync("List Carol");
        (await _core.Judgments.CreateAndEndorseAsync(carol, CoreHarness.Propose(false, true, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, 31)))).OrThrow();
        var soon = context.Render<ArtifactList>(p => p.Add(x => x.Wiki, "enwiki"));
        soon.WaitForAssertion(() => Assert.Equal("enwiki/diff/31", Ids(soon)[0]));
        Assert.Contains("30 artifacts", soon.Find("[data-testid=artifact-count]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Counted 10 seconds ago", soon.Find("[data-testid=wiki-counts-age]").TextContent.Trim(), StringComparison.Ordinal);

        _core.Clock.Now += TimeSpan.FromSeconds(20);
        var later = context.Render<ArtifactList>(p => p.Add(x => x.Wiki, "enwiki"));
        later.WaitForAssertion(() => Assert.Contains("31 artifacts", later.Find("[data-testid=artifact-count]").TextContent, StringComparison.Ordinal));
        Assert.Empty(later.FindAll("[data-testid=wiki-counts-age]"));
    }

    [Fact]
    public async Task The_order_and_the_filter_come_from_the_address()
    {
        var (context, list) = await OpenAsync("?sort=mostproposals");
        await using (context)
        {
            list.WaitForAssertion(() => Assert.Equal("enwiki/diff/7", Ids(list)[0]));
            Assert.Equal("enwiki/diff/30", Ids(list)[1]);
        }

        var (oldest, oldestList) = await OpenAsync("?sort=oldest&filter=judged");
        await using (oldest)
        {
            oldestList.WaitForAssertion(() => Assert.Equal("enwiki/diff/1", Ids(oldestList)[0]));
        }

        var (disputed, disputedList) = await OpenAsync("?filter=disputed");
        await using (disputed)
        {
            disputedList.WaitForAssertion(() => Assert.Equal(["enwiki/diff/7"], Ids(disputedList)));
        }
    }

    [Fact]
    public async Task With_a_wiki_the_list_shows_each_edits_editor_summary_and_size_change_read_in_one_batch()
    {
        var wiki = new ScriptedWiki();
        await using var context = new ComponentContext("en", _core, wiki);
        var list = context.Render<ArtifactList>(p => p.Add(x => x.Wiki, "enwiki"));

        list.WaitForAssertion(() => Assert.Equal(25, list.FindAll("[data-testid=artifact-editor]").Count(td => td.TextContent == "Example editor")));
        Assert.All(list.FindAll("[data-testid=artifact-size]"), td => Assert.Equal("+193", td.TextContent));
        Assert.All(list.FindAll("[data-testid=artifact-summary]"), td => Assert.Equal("fix a date", td.TextContent));
        Assert.Empty(wiki.DiffRequests);
    }

    [Fact]
    public async Task Another_wikis_list_opened_in_the_same_page_shows_that_wikis_artifacts()
    {
        (await _core.Judgments.CreateAndEndorseAsync(await _core.UserAsync("List Carol"), CoreHarness.Propose(false, true, artifact: new ArtifactKey("cswiki", ArtifactType.Diff, 99)))).OrThrow();
        var (context, list) = await OpenAsync("");
        await using var _ = context;
        list.WaitForAssertion(() => Assert.Equal("enwiki/diff/30", Ids(list)[0]));

        // The browser's back or forward button between two wikis' lists: one page, so the same instance.
        context.Services.GetRequiredService<NavigationManager>().NavigateTo("wikis/cswiki/artifacts");
        list.Render(p => p.Add(x => x.Wiki, "cswiki"));

        list.WaitForAssertion(() => Assert.Equal(["cswiki/diff/99"], Ids(list)));
    }
}
