using Bunit;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.WikiContent;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Artifacts;

namespace JadeStudio.Tests.Components;

/// <summary>The artifact page's view of the edit on its wiki: details and diff, hidden parts, an unreachable wiki.</summary>
public sealed class WikiContentPanelTests : IAsyncDisposable
{
    private readonly CoreHarness _core = new();

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    private IRenderedComponent<WikiContentPanel> Render(ComponentContext context, string wikiId = "arwiki") =>
        context.Render<WikiContentPanel>(p => p.Add(x => x.Key, new ArtifactKey(wikiId, ArtifactType.Diff, 4242)).Add(x => x.Wiki, _core.Wikis.Find(wikiId)!));

    [Fact]
    public async Task The_edit_shows_its_page_editor_summary_size_change_and_a_safe_diff_in_the_wikis_direction()
    {
        await using var context = new ComponentContext("en", _core, new ScriptedWiki());
        var panel = Render(context);

        panel.WaitForElement("[data-testid=wiki-diff]");
        Assert.Equal("مصر", panel.Find("[data-testid=revision-title]").TextContent);
        Assert.Equal("https://ar.wikipedia.org/wiki/%D9%85%D8%B5%D8%B1", panel.Find("[data-testid=revision-title]").GetAttribute("href"));
        Assert.Contains("Example editor", panel.Find("[data-testid=revision-user]").TextContent, StringComparison.Ordinal);
        Assert.Contains("fix a date", panel.Find("[data-testid=revision-summary]").TextContent, StringComparison.Ordinal);
        Assert.Equal("+193", panel.Find("[data-testid=revision-size]").TextContent);
        // The time for machines as HTML's date grammar has it (UTC, at most three digits of a second), within the 3 hours ago it says.
        var when = panel.Find("time").GetAttribute("datetime")!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", when);
        Assert.InRange(DateTimeOffset.UtcNow - DateTimeOffset.Parse(when, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(2.9), TimeSpan.FromHours(3.1));
        var diff = panel.Find("[data-testid=wiki-diff]");
        Assert.Equal("rtl", diff.GetAttribute("dir"));
        Assert.Equal("words", diff.QuerySelector("ins.diffchange")!.TextContent);
        Assert.Null(diff.QuerySelector("img"));
        Assert.Equal("false", panel.Find("[data-testid=wiki-content]").GetAttribute("aria-busy"));
    }

    [Fact]
    public async Task What_the_wiki_hides_is_said_to_be_hidden_and_shown_nowhere()
    {
        await using var context = new ComponentContext("en", _core, new ScriptedWiki { Hidden = new WikiHiding(User: true, Comment: true, Text: true, Suppressed: true) });
        var panel = Render(context);

        panel.WaitForElement("[data-testid=content-text-hidden]");
        Assert.Equal("hidden on the wiki", panel.Find("[data-testid=revision-user]").TextContent.Trim());
        Assert.Equal("hidden on the wiki", panel.Find("[data-testid=revision-summary]").TextContent.Trim());
        Assert.Empty(panel.FindAll("[data-testid=wiki-diff]"));
        Assert.DoesNotContain("Example editor", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_wiki_is_said_plainly_and_can_be_tried_again()
    {
        var wiki = new ScriptedWiki { Failure = new WikiContentProblem.Unavailable("timeout") };
        await using var context = new ComponentContext("en", _core, wiki);
        var panel = Render(context);

        panel.WaitForAssertion(() => Assert.Contains("could not be reached", panel.Find("[data-testid=content-unavailable]").TextContent, StringComparison.Ordinal));
        wiki.Failure = null;
        panel.Find("[data-testid=content-retry]").Click();

        panel.WaitForElement("[data-testid=wiki-diff]");
        Assert.Empty(panel.FindAll("[data-testid=content-unavailable]"));
    }

    [Fact]
    public async Task A_revision_shows_the_page_as_of_that_revision_sanitised_and_in_the_wikis_direction()
    {
        await using var context = new ComponentContext("en", _core, new ScriptedWiki());
        var panel = context.Render<WikiContentPanel>(p => p.Add(x => x.Key, new ArtifactKey("arwiki", ArtifactType.Revision, 4343)).Add(x => x.Wiki, _core.Wikis.Find("arwiki")!));

        var page = panel.WaitForElement("[data-testid=wiki-page]");
        Assert.Contains("Version 4343 of the page", page.TextContent, StringComparison.Ordinal);
        Assert.Equal("rtl", page.GetAttribute("dir"));
        Assert.Equal("https://ar.wikipedia.org/wiki/Nil", page.QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector("script"));
        Assert.Null(page.QuerySelector("form"));
        Assert.Empty(panel.FindAll("[data-testid=wiki-diff]"));
        Assert.Equal("مصر", panel.Find("[data-testid=revision-title]").TextContent);
    }

    [Fact]
    public async Task The_diffs_line_numbers_are_in_the_viewers_language_and_number_format()
    {
        await using var context = new ComponentContext("de", _core, new ScriptedWiki());
        var panel = Render(context);

        var rows = panel.WaitForElements("[data-testid=wiki-diff] td.diff-lineno");
        Assert.Equal(["Zeile 1.204:", "Zeile 1.205:"], rows.Select(r => r.TextContent));
    }

    [Fact]
    public async Task The_next_artifacts_heading_never_stands_over_the_last_ones_diff_even_when_the_last_one_is_read_after_it()
    {
        var wiki = new ScriptedWiki();
        await using var context = new ComponentContext("en", _core, wiki);
        var panel = Render(context);
        Assert.Contains("edit 4242", panel.WaitForElement("[data-testid=wiki-diff]").TextContent, StringComparison.Ordinal);

        // The next task, whose diff the wiki is slow to give: the last one's is gone at once, the panel says it is reading.
        var slow = new TaskCompletionSource();
        wiki.HeldDiffs[4243] = slow;
        panel.Render(p => p.Add(x => x.Key, new ArtifactKey("arwiki", ArtifactType.Diff, 4243)));
        Assert.Empty(panel.FindAll("[data-testid=wiki-diff]"));
        Assert.Equal("true", panel.Find("[data-testid=wiki-content]").GetAttribute("aria-busy"));

        // The labeler moves on again before it came, and that task's diff is slow too. The older one comes first: it
        // never fills the panel, before or after the newer one.
        var newer = new TaskCompletionSource();
        wiki.HeldDiffs[4244] = newer;
        var shown = new System.Collections.Concurrent.ConcurrentQueue<string>();
        panel.OnMarkupUpdated += (_, _) => shown.Enqueue(panel.Markup);
        panel.Render(p => p.Add(x => x.Key, new ArtifactKey("arwiki", ArtifactType.Diff, 4244)));
        slow.SetResult();
        await wiki.DiffsAskedAsync(2).WaitAsync(TimeSpan.FromSeconds(10));
        newer.SetResult();
        panel.WaitForAssertion(() => Assert.Contains("edit 4244", panel.Find("[data-testid=wiki-diff]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(shown, markup => markup.Contains("edit 4243", StringComparison.Ordinal));
        Assert.Equal("false", panel.Find("[data-testid=wiki-content]").GetAttribute("aria-busy"));
    }
}
